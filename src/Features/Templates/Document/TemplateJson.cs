using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KooMessage.Console.Features.Templates.Document;

/// <summary>
/// Reads and writes templates in KooMessage's JSON: the whole document as the CreateAimPersonalTemplate body, and the
/// <c>pages</c> alone as the JSON string ListAimTemplates returns in its <c>pages</c> field.
/// </summary>
public static class TemplateJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(TemplateDocument document) => JsonSerializer.Serialize(document, Options);

    public static TemplateDocument Parse(string json) =>
        JsonSerializer.Deserialize<TemplateDocument>(json, Options) ?? throw new JsonException("The template JSON is null.");

    public static string SerializePages(ImmutableArray<TemplatePage> pages) => JsonSerializer.Serialize(pages, Options);

    public static ImmutableArray<TemplatePage> ParsePages(string json) =>
        JsonSerializer.Deserialize<ImmutableArray<TemplatePage>>(json, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        // Chinese text stays readable in stored JSON; the JSON never goes into HTML unencoded.
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>is_text_title is a string ("true"/"false") in KooMessage's JSON.</summary>
public sealed class TextBooleanConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when reader.ValueTextEquals("true") => true,
        JsonTokenType.String when reader.ValueTextEquals("false") => false,
        _ => throw new JsonException("is_text_title must be \"true\" or \"false\"."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteStringValue(flag ? "true" : "false");
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
