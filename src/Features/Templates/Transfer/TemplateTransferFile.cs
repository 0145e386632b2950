using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.Features.Templates.Transfer;

/// <summary>
/// A template exported to move it into another account: a versioned envelope around the document in KooMessage's
/// CreateAimPersonalTemplate shape, with every material the document uses embedded (bytes as base64). The document's
/// <c>src</c> and <c>cover</c> addresses are the exporting account's; an import maps each to the material it re-creates.
/// </summary>
public sealed record TemplateTransferFile
{
    public const string FormatName = "koomessage-console/template";
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Options = new(TemplateJson.Options) { WriteIndented = true };

    [JsonPropertyName("format")]
    public string Format { get; init; } = FormatName;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("exported_at")]
    public DateTime ExportedAt { get; init; }

    [JsonPropertyName("source")]
    public TransferSource? Source { get; init; }

    [JsonPropertyName("template")]
    public TemplateDocument? Template { get; init; }

    [JsonPropertyName("materials")]
    public ImmutableArray<TransferMaterial> Materials { get; init; } = [];
}

/// <summary>Where the export came from: the template and the version the document is.</summary>
public sealed record TransferSource(
    [property: JsonPropertyName("tpl_id")] string TplId,
    [property: JsonPropertyName("public")] bool IsPublic,
    [property: JsonPropertyName("version_number")] int VersionNumber,
    [property: JsonPropertyName("version_state")] string VersionState);

/// <summary>One 素材库 entry: a picture, or a video with its cover.</summary>
public sealed record TransferMaterial
{
    public const string ImageKind = "image";
    public const string VideoKind = "video";

    /// <summary><see cref="ImageKind"/> or <see cref="VideoKind"/>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("file")]
    public TransferBytes? File { get; init; }

    [JsonPropertyName("cover")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TransferBytes? Cover { get; init; }
}

/// <summary>A file's bytes with the address the document refers to it by; the content type is informative (an import reads the bytes).</summary>
public sealed record TransferBytes
{
    [JsonPropertyName("src")]
    public string Src { get; init; } = "";

    [JsonPropertyName("file_name")]
    public string FileName { get; init; } = "";

    [JsonPropertyName("content_type")]
    public string ContentType { get; init; } = "";

    [JsonPropertyName("data")]
    public byte[]? Data { get; init; }
}
