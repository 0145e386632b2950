using KooMessage.Console.Features.Reviews;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.Reviews;

public sealed class WorkingHoursClockTests
{
    private const string Platform = ReviewDesks.Platform;

    private static readonly WorkingHoursClock Clock = new(Options.Create(new ReviewOptions()));

    // Times in China Standard Time (UTC+8), converted here so each case reads as a reviewer would see it.
    private static DateTime Beijing(int month, int day, int hour, int minute = 0) =>
        new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    [Fact]
    public void Between_FridayAfternoonToMondayMorning_SkipsTheWeekend()
    {
        // 2026-11-27 is a Friday.
        var waited = Clock.Between(Platform, Beijing(11, 27, 17), Beijing(11, 30, 10));

        Assert.Equal(TimeSpan.FromHours(2), waited);
    }

    [Fact]
    public void Between_WholeWeekend_Zero()
    {
        Assert.Equal(TimeSpan.Zero, Clock.Between(Platform, Beijing(11, 28, 9), Beijing(11, 29, 20)));
    }

    [Fact]
    public void Between_BeforeOpening_CountsFromNine()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Clock.Between(Platform, Beijing(11, 30, 7), Beijing(11, 30, 9, 30)));
    }

    [Fact]
    public void Between_EveningToNextEvening_OneWorkingDay()
    {
        Assert.Equal(TimeSpan.FromHours(9), Clock.Between(Platform, Beijing(11, 30, 19), Beijing(12, 1, 20)));
    }

    [Fact]
    public void Between_MondayToNextMonday_FiveWorkingDays()
    {
        Assert.Equal(TimeSpan.FromHours(45), Clock.Between(Platform, Beijing(11, 30, 9), Beijing(12, 7, 9)));
    }

    [Fact]
    public void Between_Reversed_Zero()
    {
        Assert.Equal(TimeSpan.Zero, Clock.Between(Platform, Beijing(11, 30, 12), Beijing(11, 30, 10)));
    }

    [Fact]
    public void Between_VendorDesk_CountsItsOwnHours()
    {
        // Xiaomi reviews 10:00–18:00, the platform 09:00–18:00 (reference §3.4).
        var from = Beijing(11, 30, 8);
        var to = Beijing(11, 30, 18);

        Assert.Equal(TimeSpan.FromHours(9), Clock.Between(Platform, from, to));
        Assert.Equal(TimeSpan.FromHours(8), Clock.Between(ReviewDesks.Xiaomi, from, to));
        Assert.Equal(TimeSpan.FromHours(9), Clock.Between(ReviewDesks.Huawei, from, to));
    }

    [Fact]
    public void Between_UnknownDesk_CountsThePlatformsHours()
    {
        Assert.Equal(TimeSpan.FromHours(9), Clock.Between("HONOR", Beijing(11, 30, 8), Beijing(11, 30, 18)));
    }

    [Fact]
    public void Between_PublicHoliday_Skipped()
    {
        // 2026-10-01 (Thursday) and 10-02 (Friday) are holidays: Wednesday 17:00 to Monday 10:00 is 1 + 1 hours.
        var clock = new WorkingHoursClock(Options.Create(new ReviewOptions { Holidays = [new(2026, 10, 1), new(2026, 10, 2)] }));

        Assert.Equal(TimeSpan.FromHours(2), clock.Between(Platform, Beijing(9, 30, 17), Beijing(10, 5, 10)));
        Assert.Equal(TimeSpan.FromHours(20), Clock.Between(Platform, Beijing(9, 30, 17), Beijing(10, 5, 10)));
    }

    [Fact]
    public void Between_MakeUpSaturday_Counted()
    {
        // 2026-09-26 is a Saturday worked in exchange for a holiday (调休).
        var clock = new WorkingHoursClock(Options.Create(new ReviewOptions { MakeUpWorkdays = [new(2026, 9, 26)] }));

        Assert.Equal(TimeSpan.FromHours(9), clock.Between(Platform, Beijing(9, 26, 0), Beijing(9, 27, 23)));
    }

    [Fact]
    public void LatestSubmittedAt_FourHoursOnMondayAtTen_FridayAtFifteen()
    {
        var bound = Clock.LatestSubmittedAt(Platform, Beijing(11, 30, 10), TimeSpan.FromHours(4));

        Assert.Equal(Beijing(11, 27, 15), bound);
        Assert.Equal(TimeSpan.FromHours(4), Clock.Between(Platform, bound, Beijing(11, 30, 10)));
    }

    [Fact]
    public void LatestSubmittedAt_VendorDeskOverHoliday_CountsBackOnItsCalendar()
    {
        var clock = new WorkingHoursClock(Options.Create(new ReviewOptions { Holidays = [new(2026, 11, 27)] }));

        var bound = clock.LatestSubmittedAt(ReviewDesks.Oppo, Beijing(11, 30, 12), TimeSpan.FromHours(5));

        // Monday 10:00–12:00 gives two hours; Friday is a holiday; Thursday 15:00–18:00 gives the other three.
        Assert.Equal(Beijing(11, 26, 15), bound);
    }

    [Fact]
    public void LatestSubmittedAt_NoWorkingTimeAtAll_NothingQualifies()
    {
        var closed = new ReviewOptions();
        closed.Desks[Platform].Workdays = [];

        var bound = new WorkingHoursClock(Options.Create(closed)).LatestSubmittedAt(Platform, Beijing(11, 30, 12), TimeSpan.FromHours(1));

        Assert.Equal(DateTime.MinValue, bound);
    }

    [Fact]
    public void Options_FromConfiguration_DesksMergeWithDefaultsAndHolidaysBind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reviews:Desks:xiaomi:WorkdayStart"] = "11:00",
            ["Reviews:Desks:platform:Workdays:0"] = "Saturday",
            ["Reviews:Holidays:0"] = "2026-10-01",
        }).Build();
        var services = new ServiceCollection();
        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.Section));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ReviewOptions>>().Value;

        Assert.Equal(new TimeOnly(11, 0), options.Desks[ReviewDesks.Xiaomi].WorkdayStart);
        Assert.Equal(new TimeOnly(18, 0), options.Desks[ReviewDesks.Xiaomi].WorkdayEnd);
        Assert.Equal(new TimeOnly(10, 0), options.Desks[ReviewDesks.Vivo].WorkdayStart);
        Assert.Equal([DayOfWeek.Saturday], options.Desks[Platform].Workdays);
        Assert.Equal([new DateOnly(2026, 10, 1)], options.Holidays);
    }
}
