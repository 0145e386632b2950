namespace KooMessage.Console.Common.Exports;

/// <summary>The number formats and header colour both writers use, so their files look and read alike.</summary>
internal static class ExportFormats
{
    public const string DateTime = "yyyy-mm-dd hh:mm:ss";
    public const string Date = "yyyy-mm-dd";
    public const int DateTimeFormatId = 164;
    public const int DateFormatId = 165;

    /// <summary>Excel's built-in "@" (text) format.</summary>
    public const int TextFormatId = 49;

    public const string HeaderFill = "E8EEF8";
}
