using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Signatures;

public sealed class SignatureRulesTests
{
    private static IServiceProvider Services => PlainServices.Services;

    private static IValidator<SignatureForm> Validator => Services.GetRequiredService<IValidator<SignatureForm>>();

    private static SignatureForm Valid() => new() { Name = "星河", Type = SignatureType.Notify, AppId = Guid.NewGuid(), Source = SignatureSource.Enterprise };

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public async Task Validate_NameLength_TwoToSixteenWithKooMessageCode(int length, bool valid)
    {
        var form = Valid();
        form.Name = new string('星', length);

        var error = await Validator.CheckAsync(form, CancellationToken.None);

        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.Equal("KM.00001485", error!.Code);
        }
    }

    [Theory]
    [InlineData(0, null, true)]
    [InlineData(1, null, false)]
    [InlineData(2, "  ", false)]
    [InlineData(4, "https://shop.example.com", true)]
    [InlineData(5, null, true)]
    [InlineData(6, null, false)]
    public void Validate_SourceAndTitle_TitleNeededForOneToFour(int source, string? title, bool valid)
    {
        var form = Valid();
        form.Source = (SignatureSource)source;
        form.SourceTitleContent = title;

        Assert.Equal(valid, Validator.Validate(form).IsValid);
    }

    [Theory]
    [InlineData(180, true)]
    [InlineData(181, false)]
    public void Validate_SourceTitleLength_AtMost180(int length, bool valid)
    {
        var form = Valid();
        form.Source = SignatureSource.IcpWebsite;
        form.SourceTitleContent = new string('a', length);

        Assert.Equal(valid, Validator.Validate(form).IsValid);
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(81, false)]
    public void Validate_ApplyDescLength_AtMost80(int length, bool valid)
    {
        var form = Valid();
        form.ApplyDesc = new string('说', length);

        Assert.Equal(valid, Validator.Validate(form).IsValid);
    }

    [Fact]
    public void Validate_NameWithBrackets_Refused()
    {
        var form = Valid();
        form.Name = "【星河】";

        Assert.False(Validator.Validate(form).IsValid);
    }

    public static TheoryData<SignatureStatus, SignatureAction> AllMoves()
    {
        var data = new TheoryData<SignatureStatus, SignatureAction>();
        foreach (var status in Enum.GetValues<SignatureStatus>())
        {
            foreach (var action in Enum.GetValues<SignatureAction>())
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    private static readonly Dictionary<(SignatureStatus, SignatureAction), SignatureStatus> Legal = new()
    {
        [(SignatureStatus.PendingReview, SignatureAction.Approve)] = SignatureStatus.Processing,
        [(SignatureStatus.PendingReview, SignatureAction.Reject)] = SignatureStatus.ReviewNotPass,
        [(SignatureStatus.Processing, SignatureAction.Complete)] = SignatureStatus.ReviewPassed,
        [(SignatureStatus.Processing, SignatureAction.Reject)] = SignatureStatus.ReviewNotPass,
        [(SignatureStatus.ReviewNotPass, SignatureAction.Resubmit)] = SignatureStatus.PendingReview,
        [(SignatureStatus.ReviewPassed, SignatureAction.Deactivate)] = SignatureStatus.ToBeActivated,
        [(SignatureStatus.ToBeActivated, SignatureAction.RequestActivation)] = SignatureStatus.PendingActivate,
        [(SignatureStatus.PendingActivate, SignatureAction.Activate)] = SignatureStatus.ReviewPassed,
        [(SignatureStatus.PendingActivate, SignatureAction.Reject)] = SignatureStatus.ToBeActivated,
    };

    [Theory]
    [MemberData(nameof(AllMoves))]
    public void Next_EveryStateAndAction_OnlyTheLegalMovesGoAnywhere(SignatureStatus from, SignatureAction action)
    {
        var expected = Legal.TryGetValue((from, action), out var to) ? to : (SignatureStatus?)null;

        Assert.Equal(expected, SignatureStates.Next(from, action));
    }

    [Fact]
    public void IsEditable_OnlyRejected()
    {
        Assert.Equal([SignatureStatus.ReviewNotPass], Enum.GetValues<SignatureStatus>().Where(SignatureStates.IsEditable));
    }

    [Theory]
    [InlineData(SignatureStatus.PendingReview, 29, null, false)]
    [InlineData(SignatureStatus.PendingReview, 30, null, true)]
    [InlineData(SignatureStatus.Processing, 120, 59, false)]
    [InlineData(SignatureStatus.Processing, 120, 60, true)]
    [InlineData(SignatureStatus.PendingActivate, 45, null, true)]
    [InlineData(SignatureStatus.ReviewPassed, 120, null, false)]
    [InlineData(SignatureStatus.ReviewNotPass, 120, null, false)]
    public void CanUrge_AfterThirtyMinutesAtMostHourly(SignatureStatus status, int waitedMinutes, int? urgedMinutesAgo, bool expected)
    {
        var service = Services.CreateScope().ServiceProvider.GetRequiredService<SignatureService>();
        var now = new DateTime(2026, 11, 30, 3, 0, 0, DateTimeKind.Utc);

        var allowed = service.CanUrge(status, now.AddMinutes(-waitedMinutes), urgedMinutesAgo is { } ago ? now.AddMinutes(-ago) : null, now);

        Assert.Equal(expected, allowed);
    }

    [Theory]
    [InlineData("会员通知", null, true)]
    [InlineData("", null, false)]
    [InlineData("   ", null, false)]
    [InlineData("会员通知", "https://example.com/uplink", true)]
    [InlineData("会员通知", "http://example.com/uplink", true)]
    [InlineData("会员通知", "ftp://example.com/uplink", false)]
    [InlineData("会员通知", "example.com/uplink", false)]
    public void SmsAppValidator_NameAndUpLink(string name, string? upLink, bool valid)
    {
        var validator = Services.GetRequiredService<IValidator<SmsAppForm>>();

        Assert.Equal(valid, validator.Validate(new SmsAppForm { Name = name, UpLinkAddress = upLink }).IsValid);
    }

    [Theory]
    [InlineData(30, 255, true)]
    [InlineData(31, 255, false)]
    [InlineData(30, 256, false)]
    public void SmsAppValidator_Limits_ThirtyAnd255(int nameLength, int urlLength, bool valid)
    {
        var validator = Services.GetRequiredService<IValidator<SmsAppForm>>();
        const string prefix = "https://example.com/";

        var form = new SmsAppForm { Name = new string('应', nameLength), UpLinkAddress = prefix + new string('a', urlLength - prefix.Length) };

        Assert.Equal(valid, validator.Validate(form).IsValid);
    }
}
