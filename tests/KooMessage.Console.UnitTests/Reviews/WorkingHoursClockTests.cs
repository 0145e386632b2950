using KooMessage.Console.Features.Reviews;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.Reviews;

public sealed class WorkingHoursClockTests
{
    private static readonly WorkingHoursClock Clock = new(Options.Create(new ReviewOptions()));

    // Times in China Standard Time (UTC+8), converted here so each case reads as a reviewer would see it.
    private static DateTime Beijing(int month, int day, int hour, int minute = 0) =>
        new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    [Fact]
    public void Between_FridayAfternoonToMondayMorning_SkipsTheWeekend()
    {
        // 2026-11-27 is a Friday.
        var waited = Clock.Between(Beijing(11, 27, 17), Beijing(11, 30, 10));

        Assert.Equal(TimeSpan.FromHours(2), waited);
    }

    [Fact]
    public void Between_WholeWeekend_Zero()
    {
        Assert.Equal(TimeSpan.Zero, Clock.Between(Beijing(11, 28, 9), Beijing(11, 29, 20)));
    }

    [Fact]
    public void Between_BeforeOpening_CountsFromNine()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Clock.Between(Beijing(11, 30, 7), Beijing(11, 30, 9, 30)));
    }

    [Fact]
    public void Between_EveningToNextEvening_OneWorkingDay()
    {
        Assert.Equal(TimeSpan.FromHours(9), Clock.Between(Beijing(11, 30, 19), Beijing(12, 1, 20)));
    }

    [Fact]
    public void Between_MondayToNextMonday_FiveWorkingDays()
    {
        Assert.Equal(TimeSpan.FromHours(45), Clock.Between(Beijing(11, 30, 9), Beijing(12, 7, 9)));
    }

    [Fact]
    public void Between_Reversed_Zero()
    {
        Assert.Equal(TimeSpan.Zero, Clock.Between(Beijing(11, 30, 12), Beijing(11, 30, 10)));
    }

    [Fact]
    public void Between_ConfiguredHours_Followed()
    {
        var vendor = new WorkingHoursClock(Options.Create(new ReviewOptions { WorkdayStart = new TimeOnly(10, 0) }));

        Assert.Equal(TimeSpan.FromHours(8), vendor.Between(Beijing(11, 30, 8), Beijing(11, 30, 18)));
    }
}
