using System.Text.Json;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Two finished send tasks of the demo account's approved SMS template carrying a demo short link (two days ago and
/// three hours ago, so 最近24小时 finds the second): delivered messages, failures with the SMSC's reasons, a message in
/// doubt and a number that had opted out; the opt-out list (two replies and one number added by hand); and the event
/// store's Send and DeliveryReport events of what was submitted and reported, as the dispatcher and the gateway would
/// have written them.
/// </summary>
internal sealed class SendingDemoData(IOptions<ShortLinkOptions> linkOptions) : IDemoData
{
    /// <summary>What each message of a task came to: its state and, for a reported one, Kannel's report type and the SMSC's answer.</summary>
    private static readonly (SendMessageState State, int? Report, string? Answer)[] Outcomes =
    [
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.Failed, DeliveryReports.Undelivered, "stat:UNDELIV err:001"),
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.Failed, DeliveryReports.Rejected, "stat:REJECTD err:045"),
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.Unknown, null, null),
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.Submitted, null, null),
        (SendMessageState.Delivered, DeliveryReports.Delivered, "stat:DELIVRD err:000"),
        (SendMessageState.OptedOut, null, null),
    ];

    /// <summary>The pre-check the tasks were created with: how many of their twelve numbers each vendor renders; the other two got the plain SMS.</summary>
    private static readonly VendorCount[] Capable = [new(Vendor.Huawei, 5), new(Vendor.Xiaomi, 2), new(Vendor.Oppo, 2), new(Vendor.Vivo, 1)];

    public int Order => 80;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.SendTasks.AnyAsync(ct))
        {
            return;
        }

        var template = await (
            from t in db.SmsTemplates.AsNoTracking()
            join s in db.Signatures.AsNoTracking() on t.SignatureId equals s.Id
            where t.Status == SmsTemplateStatus.Adopted
            orderby t.CreatedAt
            select new { t.Id, t.Content, t.Variables, t.SignatureId, s.AppId, Signature = s.Name }).FirstOrDefaultAsync(ct);
        var card = await db.AimTemplates.AsNoTracking().Where(t => t.AuditState == TemplateAuditState.Approved && t.Enabled)
            .OrderBy(t => t.TplId).Select(t => new { t.TplId, t.Name, t.ApprovedVersionId }).FirstOrDefaultAsync(ct);
        var code = await db.ShortLinks.OrderBy(k => k.CreatedAt).Select(k => k.Code).FirstOrDefaultAsync(ct) ?? ResolveTaskRules.NewCode();
        var options = linkOptions.Value;
        var link = $"{(options.DefaultHost is { Length: > 0 } host ? host.TrimEnd('/') : "km2g.cn")}{options.NormalizedPrefix}/{code}";
        var text = template is null
            ? $"【示例科技】尊敬的会员，您的本月专属权益已到账，点击 {link} 查看详情。{SmsComposer.OptOut}"
            : SmsComposer.Compose(template.Signature, template.Content, template.Variables, template.Variables.ToDictionary(v => v.Index, v => Example(v.Type)), link);

        var now = demo.Now.AddTicks(-(demo.Now.Ticks % TimeSpan.TicksPerSecond));
        // The tasks went out as the send page sends: under the SMS template's signature, with the first approved card template.
        void Choices(SendTask t)
        {
            (t.SmsAppId, t.SignatureId, t.SmsTemplateId) = (template?.AppId, template?.SignatureId, template?.Id);
            (t.TplId, t.TplName, t.TemplateVersionId) = (card?.TplId, card?.Name, card?.ApprovedVersionId);
            (t.LinkType, t.ExpiryDays) = (ShortLinkType.Group, 7);
        }

        Choices(Task(db, demo, "会员权益到账通知-上周", now.AddDays(-2), text, "1380013800", out var answered));
        Choices(Task(db, demo, "会员权益到账通知-今日", now.AddHours(-3), text, "1391234560", out _));

        // 13800138011 was on the list before the tasks ran (its row in each task is OptedOut); two numbers replied to the first task.
        db.OptOuts.Add(new OptOut
        {
            AccountId = demo.AccountId, Mobile = "13800138011", CreatedAt = now.AddDays(-5), Note = "客户致电要求不再接收短信", CreatedBy = demo.Owner.UserName,
        });
        foreach (var (message, keyword, after) in new[] { (answered[3], "R", 20), (answered[6], "退订", 45) })
        {
            db.OptOuts.Add(new OptOut { AccountId = demo.AccountId, Mobile = message.Mobile, CreatedAt = message.SubmittedAt!.Value.AddMinutes(after), MessageId = message.Id, Keyword = keyword });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>What a demo message fills a variable of the SMS template with.</summary>
    private static string Example(SmsVariableType type) => type switch
    {
        SmsVariableType.PHONE => "4008001234",
        SmsVariableType.CHARDIGIT => "A1024",
        SmsVariableType.DATETIME => "11月28日",
        SmsVariableType.MONEY => "99.00",
        _ => "会员",
    };

    /// <summary>A completed task of twelve numbers (<paramref name="prefix"/> + 0..9, then two more), one per <see cref="Outcomes"/> entry.</summary>
    private static SendTask Task(KooMessageDb db, DemoAccount demo, string name, DateTime created, string text, string prefix, out List<SendMessage> messages)
    {
        var task = new SendTask
        {
            AccountId = demo.AccountId, Name = name, State = SendTaskState.Completed, Total = Outcomes.Length, OptedOut = 1, CreatedBy = demo.Owner.UserName,
            CreatedAt = created, StartedAt = created.AddMinutes(1), FinishedAt = created.AddMinutes(2), Version = 2,
            Expanded = Outcomes.Length, Unrenderable = Outcomes.Length - Capable.Sum(v => v.Capable), Capability = JsonSerializer.Serialize(Capable),
        };
        db.SendTasks.Add(task);
        messages = [];
        for (var i = 0; i < Outcomes.Length; i++)
        {
            var (state, report, answer) = Outcomes[i];
            var mobile = i < 10 ? $"{prefix}{i}" : i == 10 ? "15800001110" : "13800138011";
            var submitted = created.AddMinutes(1).AddSeconds(i);
            var handed = state is not (SendMessageState.OptedOut or SendMessageState.Unknown);
            var message = new SendMessage
            {
                AccountId = demo.AccountId, TaskId = task.Id, Mobile = mobile, Text = text, Segments = SmsComposer.Segments(text), State = state,
                Attempts = state == SendMessageState.OptedOut ? 0 : 1, NextAttemptAt = created, SubmittedAt = handed ? submitted : null,
                ReportedAt = report is null ? (state == SendMessageState.OptedOut ? submitted : null) : submitted.AddSeconds(5 + i),
                ResultCode = report is { } type ? $"DLR {type}: {answer}" : handed ? "0: Accepted for delivery" : null,
                IdempotencyKey = $"{task.Id:N}:{mobile}",
            };
            db.SendMessages.Add(message);
            messages.Add(message);
            if (!handed)
            {
                continue;
            }

            db.Events.Add(Event(demo, EventKind.Send, submitted, GatewayCallbacks.SendEventId(message.Id)));
            db.Events.Add(Event(demo, EventKind.DeliveryReport, submitted.AddSeconds(2), GatewayCallbacks.ReportEventId(message.Id, DeliveryReports.SmscAccepted)));
            if (report is { } final)
            {
                db.Events.Add(Event(demo, EventKind.DeliveryReport, message.ReportedAt!.Value, GatewayCallbacks.ReportEventId(message.Id, final)));
            }
        }

        return task;
    }

    private static PlatformEvent Event(DemoAccount demo, EventKind kind, DateTime at, string externalId) => new()
    {
        AccountId = demo.AccountId, Kind = kind, OccurredAt = at, ReceivedAt = at, ExternalId = externalId,
    };
}
