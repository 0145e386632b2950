using System.Globalization;

namespace KooMessage.Console.Common.Text;

public static class FileSizes
{
    /// <summary>A size as people read it: "512 B", "6.4 KB", "1.8 MB".</summary>
    public static string Text(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };
}
