using System.Globalization;
using KooMessage.Console.Common.Security;

namespace KooMessage.Console.Features.Reports;

/// <summary>报表类型: a row per day (日报表) or per calendar month (月报表), as ListAimSendReports' report_type 1 / 2.</summary>
public enum ReportPeriod
{
    Day = 1,
    Month = 2,
}

/// <summary>What is wrong with a report's date range; each has its message (<c>Reports.Range.{problem}</c>).</summary>
public enum RangeProblem
{
    Missing,
    Reversed,
    TooLong,
}

/// <summary>
/// The reports' date ranges: whole days in the account's time zone, both ends included. 模板报表 and the funnel allow at
/// most 90 days (ListAimTemplateReports); the other reports a year, the span KooMessage's lists look back.
/// </summary>
public static class ReportRules
{
    public const int TemplateMaxDays = 90;
    public const int YearMaxDays = 366;
    public const int DefaultDays = 30;
    public const string DateFormat = "yyyy-MM-dd";
    public const string MonthFormat = "yyyy-MM";

    /// <summary>Today in <paramref name="timeZone"/> (the account's zone).</summary>
    public static DateOnly Today(DateTime utcNow, string timeZone) => DateOnly.FromDateTime(UserTime.ToLocal(utcNow, timeZone));

    /// <summary>The default range: the <see cref="DefaultDays"/> days up to today in the account's zone.</summary>
    public static (DateOnly From, DateOnly To) DefaultRange(DateTime utcNow, string timeZone)
    {
        var today = Today(utcNow, timeZone);
        return (today.AddDays(1 - DefaultDays), today);
    }

    public static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber + 1;

    public static RangeProblem? Check(DateOnly? from, DateOnly? to, int maxDays) => (from, to) switch
    {
        (null, _) or (_, null) => RangeProblem.Missing,
        ({ } f, { } t) when t < f => RangeProblem.Reversed,
        ({ } f, { } t) when Days(f, t) > maxDays => RangeProblem.TooLong,
        _ => null,
    };

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public static string Text(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The label of the period <paramref name="day"/> falls in: the day, or its month.</summary>
    public static string PeriodOf(DateOnly day, ReportPeriod period) =>
        day.ToString(period == ReportPeriod.Month ? MonthFormat : DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Every period of the range in order (the chart's x axis: days without data are there with zeros).</summary>
    public static IReadOnlyList<string> Periods(DateOnly from, DateOnly to, ReportPeriod period)
    {
        var labels = new List<string>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var label = PeriodOf(day, period);
            if (labels.Count == 0 || labels[^1] != label)
            {
                labels.Add(label);
            }
        }

        return labels;
    }

    /// <summary>
    /// The drop from one funnel step to the next as a fraction of the first (0.25 = a quarter lost), or null when the first
    /// is 0, or smaller than the next: a day's resolves also count links sent on earlier days, so a day can resolve more
    /// than it sent, and a negative "drop" would read as nonsense.
    /// </summary>
    public static double? Drop(long before, long after) => before == 0 || after > before ? null : 1d - ((double)after / before);

    /// <summary>A drop in words: "25.0%", or "-" when there was nothing to drop from.</summary>
    public static string DropText(double? drop) => drop is { } d ? d.ToString("P1", CultureInfo.InvariantCulture) : "-";
}
