namespace KooMessage.Console.Common.Files;

/// <summary>What a file really is, told by its first bytes (never by its name or declared type).</summary>
public enum FileKind
{
    Unknown,
    Jpeg,
    Png,
    Gif,
    Pdf,
    Zip,
    Rar,

    /// <summary>An ISO base media file whose brand box says MP4 (<c>ftyp</c> at byte 4).</summary>
    Mp4,

    /// <summary>Text whose first character (after a byte-order mark and white space) opens a JSON object.</summary>
    Json,

    /// <summary>A Windows bitmap (<c>BM</c>); two bytes say little, so a service that takes one also decodes it.</summary>
    Bmp,
}

public static class FileSignatures
{
    private static readonly (FileKind Kind, byte[] Magic, string ContentType)[] Known =
    [
        (FileKind.Jpeg, [0xFF, 0xD8, 0xFF], "image/jpeg"),
        (FileKind.Png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        (FileKind.Gif, "GIF87a"u8.ToArray(), "image/gif"),
        (FileKind.Gif, "GIF89a"u8.ToArray(), "image/gif"),
        (FileKind.Pdf, "%PDF-"u8.ToArray(), "application/pdf"),
        (FileKind.Zip, [0x50, 0x4B, 0x03, 0x04], "application/zip"),
        (FileKind.Rar, [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], "application/vnd.rar"),
        (FileKind.Bmp, "BM"u8.ToArray(), "image/bmp"),
    ];

    private static readonly byte[] Mp4Box = "ftyp"u8.ToArray();

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static FileKind Detect(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 12 && content[4..8].SequenceEqual(Mp4Box))
        {
            return FileKind.Mp4;
        }

        foreach (var (kind, magic, _) in Known)
        {
            if (content.StartsWith(magic))
            {
                return kind;
            }
        }

        var text = content.StartsWith(Utf8Bom) ? content[Utf8Bom.Length..] : content;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && text[start] == (byte)'{' ? FileKind.Json : FileKind.Unknown;
    }

    public static IEnumerable<string> ExtensionsOf(FileKind kind) => kind switch
    {
        FileKind.Jpeg => [".jpg", ".jpeg"],
        FileKind.Png => [".png"],
        FileKind.Gif => [".gif"],
        FileKind.Pdf => [".pdf"],
        FileKind.Zip => [".zip"],
        FileKind.Rar => [".rar"],
        FileKind.Mp4 => [".mp4"],
        FileKind.Json => [".json"],
        FileKind.Bmp => [".bmp"],
        _ => [],
    };

    public static string ContentTypeOf(FileKind kind) =>
        kind == FileKind.Mp4 ? "video/mp4" : kind == FileKind.Json ? "application/json" : Known.FirstOrDefault(k => k.Kind == kind).ContentType ?? "application/octet-stream";
}

/// <summary>What one upload field accepts: which real kinds, how large, and how it is named in messages.</summary>
public sealed record UploadRule(string FieldKey, IReadOnlyList<FileKind> Kinds, long MaxBytes)
{
    public const long TwoMegabytes = 2 * 1024 * 1024;

    public static readonly UploadRule LicenseImage = new("Field.LicenseImage", [FileKind.Jpeg, FileKind.Png, FileKind.Gif], TwoMegabytes);
    public static readonly UploadRule Pdf = new("Field.PdfFile", [FileKind.Pdf], TwoMegabytes);
    public static readonly UploadRule Archive = new("Field.ArchiveFile", [FileKind.Zip, FileKind.Rar], TwoMegabytes);

    /// <summary>The browser's accept list for the picker; the server still checks the bytes.</summary>
    public string Accept => string.Join(",", Kinds.SelectMany(FileSignatures.ExtensionsOf));
}
