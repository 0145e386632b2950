using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Notifications;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.UnitTests.Reviews;

/// <summary>Decisions race: each applies only to the state its reviewer was shown, so one wins and the other is told.</summary>
public sealed class ReviewRaceTests : IAsyncLifetime
{
    private TestConsole app = default!;
    private TestUser first = default!;
    private TestUser second = default!;
    private TestUser owner = default!;

    public async Task InitializeAsync()
    {
        app = await TestConsole.StartAsync();
        var admin = await app.Services.CreateAdministratorAsync();
        first = await app.Services.CreateUserAsync(admin, "reviewer-1", Roles.Reviewer);
        second = await app.Services.CreateUserAsync(admin, "reviewer-2", Roles.Reviewer);
        owner = await app.Services.CreateAccountAsync(admin, "星河科技有限公司", "owner");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<KooMessageDb> SystemDbAsync() => await app.Services.GetRequiredService<TenantDb>().ForSystemAsync("test", CancellationToken.None);

    /// <summary>A reviewer opens the ticket: the state the dialog shows.</summary>
    private async Task<string> ShownAsync(TestUser reviewer, long ticket)
    {
        await using var scope = app.Services.As(reviewer.Principal);
        var detail = await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().GetAsync(ticket, CancellationToken.None);
        return detail.Value.StateKey;
    }

    /// <summary>A decision in its own scope and context, as a second browser would make it.</summary>
    private Task<Result> DecideAsync(TestUser reviewer, long ticket, ReviewDecision decision) =>
        Task.Run(async () =>
        {
            await using var scope = app.Services.As(reviewer.Principal);
            return await scope.ServiceProvider.GetRequiredService<ReviewQueueService>().DecideAsync(ticket, decision, CancellationToken.None);
        });

    private async Task<(int Notifications, int Audits)> TrailAsync(Guid id)
    {
        await using var db = await SystemDbAsync();
        var decisions = new[] { AuditActions.Approve, AuditActions.Reject };
        return (await db.Notifications.CountAsync(n => n.AccountId == owner.AccountId && n.TextKey != "Notify.FilingApproved"),
            await db.AuditEntries.CountAsync(e => e.ObjectId == id.ToString() && decisions.Contains(e.Action)));
    }

    [Fact]
    public async Task Decide_TwoReviewersApproveAFilingAtOnce_ExactlyOneWins()
    {
        var id = await app.Services.SubmitFilingAsync(owner);
        var ticket = await app.Services.OpenTicketAsync(FilingReviewSource.KindName, id);
        var shown1 = await ShownAsync(first, ticket);
        var shown2 = await ShownAsync(second, ticket);

        var results = await Task.WhenAll(
            DecideAsync(first, ticket, new ReviewDecision(true, null, null, shown1)),
            DecideAsync(second, ticket, new ReviewDecision(true, null, null, shown2)));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r.Error?.Code == ErrorCodes.Conflict);
        await using var db = await SystemDbAsync();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.AccountId == owner.AccountId && n.TextKey == "Notify.FilingApproved"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ObjectId == id.ToString() && e.Action == AuditActions.Approve));
        Assert.Equal(FilingStatus.Approved, (await db.Enterprises.SingleAsync(e => e.Id == id)).Status);
        Assert.Equal(ReviewTicketState.Decided, (await db.ReviewTickets.SingleAsync(t => t.Id == ticket)).State);
    }

    [Fact]
    public async Task Decide_ApproveAndRejectPendingSignatureAtOnce_OneDecisionOneNotificationOneAudit()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, first);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        var ticket = await app.Services.OpenTicketAsync(SignatureReviewSource.KindName, id);
        var shown1 = await ShownAsync(first, ticket);
        var shown2 = await ShownAsync(second, ticket);

        var results = await Task.WhenAll(
            DecideAsync(first, ticket, new ReviewDecision(true, null, null, shown1)),
            DecideAsync(second, ticket, new ReviewDecision(false, "签名与执照不符", null, shown2)));

        Assert.Equal("SignatureStatus.PendingReview", shown2);
        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r.Error?.Code == ErrorCodes.Conflict);
        Assert.Equal((1, 1), await TrailAsync(id));
        await using var db = await SystemDbAsync();
        var status = (await db.Signatures.SingleAsync(s => s.Id == id)).Status;
        var open = await db.ReviewTickets.Where(t => t.ItemId == id && t.State == ReviewTicketState.Open).Select(t => t.StateKey).ToListAsync();
        Assert.Equal(results[0].IsSuccess ? SignatureStatus.Processing : SignatureStatus.ReviewNotPass, status);
        Assert.Equal(results[0].IsSuccess ? new[] { "SignatureStatus.Processing" } : [], open);
    }

    [Fact]
    public async Task Decide_SecondOfTwoApprovals_NoLongerWaitingNotAChannelNumberError()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, first);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        var ticket = await app.Services.OpenTicketAsync(SignatureReviewSource.KindName, id);
        var shown1 = await ShownAsync(first, ticket);
        var shown2 = await ShownAsync(second, ticket);
        TestData.Ok(await DecideAsync(first, ticket, new ReviewDecision(true, null, null, shown1)));

        var late = await DecideAsync(second, ticket, new ReviewDecision(true, null, null, shown2));

        Assert.Equal(ErrorCodes.Conflict, late.Error?.Code);
        Assert.Equal(app.Services.GetRequiredService<IStringLocalizer<SharedResource>>()["Reviews.NotWaiting"].Value, late.Error!.Message);
        Assert.Equal((1, 1), await TrailAsync(id));
        await using var db = await SystemDbAsync();
        Assert.Equal(SignatureStatus.Processing, (await db.Signatures.SingleAsync(s => s.Id == id)).Status);
    }

    [Fact]
    public async Task Decide_StaleShownState_RefusedAndNothingWritten()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, first);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        var ticket = await app.Services.OpenTicketAsync(SignatureReviewSource.KindName, id);

        // The dialog showed PROCESSING (a later step) while the signature still waits for its content review.
        var stale = await DecideAsync(first, ticket, new ReviewDecision(true, null, "10690001", "SignatureStatus.Processing"));

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.Equal((0, 0), await TrailAsync(id));
        await using var db = await SystemDbAsync();
        var signature = await db.Signatures.SingleAsync(s => s.Id == id);
        Assert.Equal((SignatureStatus.PendingReview, null), (signature.Status, signature.ChannelNumber));
        Assert.Equal(ReviewTicketState.Open, (await db.ReviewTickets.SingleAsync(t => t.Id == ticket)).State);
    }

    [Fact]
    public async Task Decide_RejectOnTicketOfAnEarlierStep_RefusedLaterStepUntouched()
    {
        var appId = await app.Services.ReadyForSignaturesAsync(owner, first);
        var id = await app.Services.RegisterSignatureAsync(owner, appId);
        var ticket = await app.Services.OpenTicketAsync(SignatureReviewSource.KindName, id);
        var shown = await ShownAsync(second, ticket);
        await app.Services.DecideAsync(first, SignatureReviewSource.KindName, id, approve: true);

        // Reviewer 2's dialog still shows PENDING_REVIEW; a reject would be a legal move from PROCESSING too.
        var stale = await DecideAsync(second, ticket, new ReviewDecision(false, "不符合要求", null, shown));

        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.Equal((1, 1), await TrailAsync(id));
        await using var db = await SystemDbAsync();
        Assert.Equal(SignatureStatus.Processing, (await db.Signatures.SingleAsync(s => s.Id == id)).Status);
    }
}
