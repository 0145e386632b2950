using KooMessage.Console.Common.Security;

namespace KooMessage.Console.UnitTests.Common;

public sealed class UserTimeTests
{
    // Browsers send a datetime-local value with seconds (and their fractions) when it has any; each is the same minute's time.
    [Theory]
    [InlineData("2026-11-30T20:30", "2026-11-30 20:30:00")]
    [InlineData("2026-11-30T20:30:00", "2026-11-30 20:30:00")]
    [InlineData("2026-11-30T20:30:15", "2026-11-30 20:30:15")]
    [InlineData("2026-11-30T20:30:15.250", "2026-11-30 20:30:15")]
    public void FromInput_DatetimeLocalForms_AreTheLocalTime(string input, string local) =>
        Assert.Equal(local, UserTime.FromInput(input)?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-30 20:30")]
    [InlineData("11/30/2026, 8:30 PM")]
    [InlineData("2026-11-30T20:30Z")]
    public void FromInput_AnythingElse_IsNull(string? input) => Assert.Null(UserTime.FromInput(input));
}
