using System.Globalization;

namespace KooMessage.Console.Common.Security;

/// <summary>Times are stored as UTC and shown in the account's time zone (platform staff: China Standard Time).</summary>
public static class UserTime
{
    public const string DefaultZone = "Asia/Shanghai";

    public static DateTime ToLocal(DateTime utc, string timeZoneId) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(timeZoneId));

    public static DateTime ToUtc(DateTime local, string timeZoneId) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone(timeZoneId));

    public static string Format(DateTime utc, UserContext user) =>
        ToLocal(utc, user.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The local time a <c>datetime-local</c> input holds: browsers send <c>yyyy-MM-ddTHH:mm</c>, with seconds and their
    /// fractions when the value has any; null for anything else.
    /// </summary>
    public static DateTime? FromInput(string? text) =>
        DateTime.TryParseExact(text, InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? local : null;

    private static readonly string[] InputFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    private static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId.Length > 0 ? timeZoneId : DefaultZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
