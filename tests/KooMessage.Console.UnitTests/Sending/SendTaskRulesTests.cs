using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.SmsTemplates;

namespace KooMessage.Console.UnitTests.Sending;

public sealed class SendTaskRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void TrialCount_OneToTen(int numbers, bool valid) => Assert.Equal(valid, SendTaskRules.TrialCountValid(numbers));

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("8613812341234", "861******1234")]
    [InlineData("1381234", "*******")]
    [InlineData("", "")]
    public void Mask_KeepsTheFirstThreeAndLastFour(string mobile, string masked) => Assert.Equal(masked, SendTaskRules.Mask(mobile));

    [Fact]
    public void LinkTypes_StaticTemplate_OnlyGroup()
    {
        Assert.Equal([ShortLinkType.Group], SendTaskRules.LinkTypes(new SendTemplate("600000001", "静态", Guid.NewGuid(), [])));
        Assert.Equal([ShortLinkType.Group, ShortLinkType.Individual], SendTaskRules.LinkTypes(new SendTemplate("600000002", "动态", Guid.NewGuid(), ["name"])));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(7 * 24 * 60 - 1, true)]
    [InlineData(7 * 24 * 60, false)]
    public void Schedule_AfterNowAndBeforeTheLinksExpire(int? minutesFromNow, bool valid) =>
        Assert.Equal(valid, SendTaskRules.ScheduleValid(minutesFromNow is { } m ? Now.AddMinutes(m) : null, 7, Now));

    [Fact]
    public void Columns_IndividualTakesTheCardParametersThenTheSmsVariablesButNotTheLinkSlot()
    {
        var template = new SendTemplate("600000001", "账单", Guid.NewGuid(), ["name", "amount"]);
        var sms = new SendSmsTemplate(Guid.NewGuid(), "账单提醒", Guid.NewGuid(), "${1}您好 ${2} ${3}",
            [new() { Index = 3, Type = SmsVariableType.MONEY }, new() { Index = 1, Type = SmsVariableType.TEXT }, new() { Index = 2, Type = SmsVariableType.NEWTEXT }]);

        Assert.Equal(["name", "amount", "1", "3"], SendTaskRules.Columns(template, ShortLinkType.Individual, sms));
        Assert.Equal(["1", "3"], SendTaskRules.Columns(template, ShortLinkType.Group, sms));
    }
}
