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

    private static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId.Length > 0 ? timeZoneId : DefaultZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
