using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Reviews;

/// <summary>The review desk's hours (KooMessage's operators: 法定工作日 9:00–18:00). Public holidays are not modelled.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Reviews";

    public TimeOnly WorkdayStart { get; set; } = new(9, 0);

    public TimeOnly WorkdayEnd { get; set; } = new(18, 0);

    public string TimeZone { get; set; } = "Asia/Shanghai";

    public DayOfWeek[] Workdays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
}

/// <summary>The SLA clock: how much working time lies between two instants.</summary>
public sealed class WorkingHoursClock(IOptions<ReviewOptions> options)
{
    public TimeSpan Between(DateTime fromUtc, DateTime toUtc)
    {
        var o = options.Value;
        if (toUtc <= fromUtc || o.WorkdayEnd <= o.WorkdayStart)
        {
            return TimeSpan.Zero;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var from = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone);
        var to = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone);
        var total = TimeSpan.Zero;
        for (var day = from.Date; day <= to.Date; day = day.AddDays(1))
        {
            if (!o.Workdays.Contains(day.DayOfWeek))
            {
                continue;
            }

            var open = day + o.WorkdayStart.ToTimeSpan();
            var close = day + o.WorkdayEnd.ToTimeSpan();
            var start = from > open ? from : open;
            var end = to < close ? to : close;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }
}
