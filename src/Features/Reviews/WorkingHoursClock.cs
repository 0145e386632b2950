using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Reviews;

/// <summary>The review desks: the platform's own, and one per handset vendor for the reviews a vendor does itself.</summary>
public static class ReviewDesks
{
    public const string Platform = "platform";

    public const string Huawei = "HUAWEI";
    public const string Xiaomi = "XIAOMI";
    public const string Oppo = "OPPO";
    public const string Vivo = "VIVO";
    public const string Meizu = "MEIZU";
    public const string Samsung = "SAMSUNG";
}

/// <summary>One desk's working day, in the review time zone.</summary>
public sealed class DeskHours
{
    public TimeOnly WorkdayStart { get; set; } = new(9, 0);

    public TimeOnly WorkdayEnd { get; set; } = new(18, 0);

    /// <summary>Days of the week the desk works; when not configured, Monday to Friday.</summary>
    public DayOfWeek[]? Workdays { get; set; }
}

/// <summary>
/// The desks' calendars. Review hours as KooMessage publishes them (reference §3.4, source AUD "智能信息模板审核时间"):
/// KooMessage's operators 法定工作日 9:00–18:00 without weekends or holidays; 华为 工作日 9:00–18:00; 小米, OPPO and VIVO
/// 10:00–18:00; 魅族 9:00–18:00. Samsung's hours are not published: it keeps the platform's until configured.
/// </summary>
public sealed class ReviewOptions
{
    public const string Section = "Reviews";

    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Desks by name (case-insensitive); a ticket on a desk not listed here counts in the platform's hours.</summary>
    public Dictionary<string, DeskHours> Desks { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ReviewDesks.Platform] = new(),
        [ReviewDesks.Huawei] = new(),
        [ReviewDesks.Xiaomi] = new() { WorkdayStart = new(10, 0) },
        [ReviewDesks.Oppo] = new() { WorkdayStart = new(10, 0) },
        [ReviewDesks.Vivo] = new() { WorkdayStart = new(10, 0) },
        [ReviewDesks.Meizu] = new(),
        [ReviewDesks.Samsung] = new(),
    };

    /// <summary>Public holidays (法定节假日): no desk works on them, whatever the day of the week.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Make-up working days (调休上班): weekend days every desk works as a normal workday.</summary>
    public List<DateOnly> MakeUpWorkdays { get; set; } = [];
}

/// <summary>The SLA clock: how much of a desk's working time lies between two instants.</summary>
public sealed class WorkingHoursClock
{
    // Ten years: the furthest back a "waited at least" bound looks for working time on a calendar that has none.
    private const int MaxDays = 3660;

    private static readonly DayOfWeek[] MondayToFriday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private readonly ReviewOptions options;
    private readonly TimeZoneInfo zone;
    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> makeUpDays;

    public WorkingHoursClock(IOptions<ReviewOptions> options)
    {
        this.options = options.Value;
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(this.options.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        holidays = [.. this.options.Holidays];
        makeUpDays = [.. this.options.MakeUpWorkdays];
    }

    /// <summary>Every configured desk.</summary>
    public IReadOnlyCollection<string> Desks => options.Desks.Keys;

    public TimeSpan Between(string desk, DateTime fromUtc, DateTime toUtc)
    {
        var hours = Hours(desk);
        if (toUtc <= fromUtc || hours.WorkdayEnd <= hours.WorkdayStart)
        {
            return TimeSpan.Zero;
        }

        var from = ToLocal(fromUtc);
        var to = ToLocal(toUtc);
        var total = TimeSpan.Zero;
        for (var day = from.Date; day <= to.Date; day = day.AddDays(1))
        {
            if (!IsWorkday(day, hours))
            {
                continue;
            }

            var open = day + hours.WorkdayStart.ToTimeSpan();
            var close = day + hours.WorkdayEnd.ToTimeSpan();
            var start = from > open ? from : open;
            var end = to < close ? to : close;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    /// <summary>
    /// The latest submission time that has waited at least <paramref name="working"/> of the desk's working time by
    /// <paramref name="nowUtc"/>. Waiting time only grows the earlier an item was submitted, so "waited at least N
    /// working hours" is exactly "submitted at or before this instant", a bound SQL can compare with.
    /// </summary>
    public DateTime LatestSubmittedAt(string desk, DateTime nowUtc, TimeSpan working)
    {
        if (working <= TimeSpan.Zero)
        {
            return nowUtc;
        }

        var hours = Hours(desk);
        var now = ToLocal(nowUtc);
        var remaining = working;
        var day = now.Date;
        for (var i = 0; i < MaxDays && hours.WorkdayEnd > hours.WorkdayStart; i++, day = day.AddDays(-1))
        {
            if (!IsWorkday(day, hours))
            {
                continue;
            }

            var open = day + hours.WorkdayStart.ToTimeSpan();
            var close = day + hours.WorkdayEnd.ToTimeSpan();
            var end = now < close ? now : close;
            if (end <= open)
            {
                continue;
            }

            if (end - open >= remaining)
            {
                return TimeZoneInfo.ConvertTimeToUtc(end - remaining, zone);
            }

            remaining -= end - open;
        }

        return DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
    }

    private DeskHours Hours(string desk) =>
        options.Desks.GetValueOrDefault(desk) ?? options.Desks.GetValueOrDefault(ReviewDesks.Platform) ?? new DeskHours();

    private bool IsWorkday(DateTime day, DeskHours hours)
    {
        var date = DateOnly.FromDateTime(day);
        return makeUpDays.Contains(date) || (!holidays.Contains(date) && (hours.Workdays ?? MondayToFriday).Contains(day.DayOfWeek));
    }

    private DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
