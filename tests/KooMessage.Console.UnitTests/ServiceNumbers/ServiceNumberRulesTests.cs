using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.ServiceNumbers.Regions;

namespace KooMessage.Console.UnitTests.ServiceNumbers;

/// <summary>The service-number rules beyond one field's length: names, regions of the signatures, text width, which state allows what.</summary>
public sealed class ServiceNumberRulesTests
{
    [Theory]
    [InlineData("星河出行", "总部", true)]
    [InlineData("星河出行", "华南", false)]
    [InlineData("ＡＢＣ出行", "总部", true)]
    [InlineData("ABC出行", "总\u200B部", true)]
    [InlineData(" 星河出行 ", "总部", true)]
    [InlineData("星河旅行", "总部", false)]
    public void ClashesWithinAccount_ARepeatedNameNeedsAnotherRemarkComparedAfterNfkc(string name, string remark, bool clash) =>
        Assert.Equal(clash, ServiceNumberRules.ClashesWithinAccount(name, remark, [("星河出行", "总部"), ("ABC出行", "总部")]));

    [Theory]
    [InlineData(new[] { "0" }, null)]
    [InlineData(new[] { "44", "45" }, null)]
    [InlineData(new[] { "44:4401", "44:4403" }, null)]
    [InlineData(new[] { "0", "44" }, "0,1")]
    [InlineData(new[] { "45", "44", "44:4403" }, "1,2")]
    [InlineData(new[] { "44:4401,4403", "11", "44:4403" }, "0,2")]
    public void FirstOverlap_NamesTheFirstTwoSignaturesWhoseRegionsMeet(string[] codes, string? expected)
    {
        var overlap = ServiceNumberRules.FirstOverlap([.. codes.Select(c => ChinaRegions.Default.Parse(c)!)]);

        Assert.Equal(expected, overlap is var (a, b) ? $"{a},{b}" : null);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("快应用", 6)]
    [InlineData("快app", 5)]
    [InlineData("😀", 2)]
    [InlineData("", 0)]
    public void Width_CharactersBeyondAsciiCountTwo(string text, int width) => Assert.Equal(width, ServiceNumberRules.Width(text));

    [Theory]
    [InlineData("400-800-8800", true)]
    [InlineData("95588", true)]
    [InlineData("12345678901234567890", true)]
    [InlineData("123456789012345678901", false)]
    [InlineData("-95588", false)]
    [InlineData("95588-", false)]
    [InlineData("955 88", false)]
    [InlineData("", false)]
    public void IsHotline_DigitsAndDashesUpTo20StartingAndEndingWithADigit(string tel, bool ok) => Assert.Equal(ok, ServiceNumberRules.IsHotline(tel));

    [Theory]
    [InlineData("hap://app/com.example.demo", true)]
    [InlineData("hap://app/", false)]
    [InlineData("https://example.com", false)]
    [InlineData("hap://app/a b", false)]
    public void IsDeeplink_HapAppLinksOnly(string link, bool ok) => Assert.Equal(ok, ServiceNumberRules.IsDeeplink(link));

    [Fact]
    public void IsDeeplink_1000CharactersAtMost()
    {
        var prefix = "hap://app/";
        Assert.True(ServiceNumberRules.IsDeeplink(prefix + new string('a', 1000 - prefix.Length)));
        Assert.False(ServiceNumberRules.IsDeeplink(prefix + new string('a', 1001 - prefix.Length)));
    }

    [Theory]
    [InlineData(ServiceNumberState.Inactive, ApproveState.Reviewing, false)]
    [InlineData(ServiceNumberState.Inactive, ApproveState.Rejected, true)]
    [InlineData(ServiceNumberState.Active, ApproveState.Approved, true)]
    [InlineData(ServiceNumberState.Active, ApproveState.Reviewing, false)]
    [InlineData(ServiceNumberState.Active, ApproveState.Rejected, true)]
    [InlineData(ServiceNumberState.Frozen, ApproveState.Approved, false)]
    [InlineData(ServiceNumberState.Expired, ApproveState.Approved, false)]
    public void CanEditProfile_NotWhileFrozenOrInReview(ServiceNumberState state, ApproveState approve, bool allowed) =>
        Assert.Equal(allowed, ServiceNumberRules.CanEditProfile(state, approve));

    [Theory]
    [InlineData(ServiceNumberState.Active, true)]
    [InlineData(ServiceNumberState.Inactive, false)]
    [InlineData(ServiceNumberState.Frozen, false)]
    [InlineData(ServiceNumberState.Expired, false)]
    public void CanFreeze_OnlyALiveServiceNumber(ServiceNumberState state, bool allowed) => Assert.Equal(allowed, ServiceNumberRules.CanFreeze(state));

    [Theory]
    [InlineData(ServiceNumberState.Frozen, ApproveState.Approved, true)]
    [InlineData(ServiceNumberState.Frozen, ApproveState.Rejected, true)]
    [InlineData(ServiceNumberState.Frozen, ApproveState.Reviewing, false)]
    [InlineData(ServiceNumberState.Active, ApproveState.Approved, false)]
    public void CanRequestUnfreeze_FrozenWithoutARequestWaiting(ServiceNumberState state, ApproveState approve, bool allowed) =>
        Assert.Equal(allowed, ServiceNumberRules.CanRequestUnfreeze(state, approve));

    [Theory]
    [InlineData(true, ApproveState.Reviewing, true)]
    [InlineData(false, ApproveState.Reviewing, false)]
    [InlineData(true, ApproveState.Approved, false)]
    public void CanUrgeHomepage_OnlyInReviewAfterTheServiceNumberWasApproved(bool numberApproved, ApproveState homepage, bool allowed) =>
        Assert.Equal(allowed, ServiceNumberRules.CanUrgeHomepage(numberApproved, homepage));
}
