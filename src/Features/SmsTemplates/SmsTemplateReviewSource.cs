using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>SMS templates in the review queue: 审核中 → 通过, or 驳回 with a reason.</summary>
public sealed class SmsTemplateReviewSource(TimeProvider clock, IStringLocalizer<SharedResource> l) : IReviewSource
{
    public const string KindName = "sms_template";

    private static readonly string WaitingKey = StateKey(SmsTemplateStatus.Reviewing);

    public string Kind => KindName;

    public static ReviewSubject Subject(SmsTemplate t) => new(KindName, t.Id, t.AccountId, t.Name, WaitingKey);

    public static string StateKey(SmsTemplateStatus status) => $"SmsTemplateStatus.{status}";

    /// <summary>The reviewer reads the name, type, signature, the content as written and each variable with its type.</summary>
    public async Task<ReviewDetail?> DetailAsync(KooMessageDb db, Guid id, CancellationToken ct)
    {
        var d = await SmsTemplateService.DetailAsync(db, id, ct);
        if (d is null)
        {
            return null;
        }

        var f = d.Form;
        List<ReviewField> fields =
        [
            new("Field.SmsTemplateName", f.Name),
            new("Field.SmsTemplateType", l[$"SignatureType.{f.Type}"]),
            new("Field.SmsSignature", $"【{d.SignatureName}】"),
            new("Field.App", d.AppName),
            new("Field.SmsTemplateContent", f.Content),
            new("Field.Variables", string.Join("\n", d.Variables.Select(v => SmsTemplateStates.Describe(v, l)))),
            new("Field.ApplyDesc", f.Description ?? "—"),
            new("Field.Status", l[$"SmsTemplateStatus.{d.Status}"]),
        ];
        return new ReviewDetail(f.Name, StateKey(d.Status), fields, [], null);
    }

    public async Task<Result<ReviewOutcome>> DecideAsync(KooMessageDb db, UserContext reviewer, Guid id, ReviewDecision decision, CancellationToken ct)
    {
        if (decision.ShownState != WaitingKey)
        {
            return NotWaiting();
        }

        var to = decision.Approve ? SmsTemplateStatus.Adopted : SmsTemplateStatus.Reject;
        var reviewDesc = decision.Approve ? null : decision.Reason;
        var now = clock.GetUtcNow().UtcDateTime;

        // The decision raises the version too: a tab that opened the template before it cannot write over the decision.
        var changed = await db.SmsTemplates.Where(t => t.Id == id && t.Status == SmsTemplateStatus.Reviewing).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Status, to).SetProperty(t => t.ReviewDesc, reviewDesc).SetProperty(t => t.UpdatedAt, now)
            .SetProperty(t => t.Version, t => t.Version + 1), ct);
        if (changed == 0)
        {
            return NotWaiting();
        }

        var template = await db.SmsTemplates.AsNoTracking().SingleAsync(t => t.Id == id, ct);
        return new ReviewOutcome(template.AccountId, SmsTemplatesModule.AuditType, template.Name, template.SubmittedBy,
            new { Status = SmsTemplateStates.WireName(SmsTemplateStatus.Reviewing) },
            new { Status = SmsTemplateStates.WireName(to), template.ReviewDesc },
            decision.Approve ? "Notify.SmsTemplateAdopted" : "Notify.SmsTemplateRejected", SmsTemplatesModule.Route);
    }

    private KmError NotWaiting() => new(ErrorCodes.Conflict, l["Reviews.NotWaiting"]);
}
