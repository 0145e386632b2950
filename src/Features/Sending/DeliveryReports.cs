using System.Globalization;
using KooMessage.Console.Features.Events;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// Applies delivery reports to their messages inside the event writer's batch transaction, once per (message, report
/// type) because only newly stored report events reach it. Kannel's types: 1 delivered and 2 undelivered and 16
/// rejected by the SMSC are final; 8 (the SMSC took it) only moves a message still on its way. Reports come twice and
/// out of order (1 before 8): a final state is never overwritten.
/// </summary>
public sealed class DeliveryReports : IEventBatchHandler
{
    public const int Delivered = 1;
    public const int Undelivered = 2;
    public const int SmscAccepted = 8;
    public const int Rejected = 16;

    private static readonly string Open = $"('{SendMessageState.Queued}', '{SendMessageState.Submitting}', '{SendMessageState.Submitted}', '{SendMessageState.Unknown}')";

    private static readonly string Final =
        $"""
        UPDATE "{SendingConfiguration.MessagesTable}" SET "State" = $state, "ReportedAt" = $at, "ResultCode" = $result
        WHERE "Id" = $id AND "AccountId" = $account AND "State" IN {Open}
        """;

    private static readonly string Accepted =
        $"""
        UPDATE "{SendingConfiguration.MessagesTable}" SET "State" = '{SendMessageState.Submitted}', "SubmittedAt" = COALESCE("SubmittedAt", $at)
        WHERE "Id" = $id AND "AccountId" = $account AND "State" IN ('{SendMessageState.Submitting}', '{SendMessageState.Unknown}')
        """;

    /// <summary>What a report of <paramref name="type"/> makes of its message: a final state, or null for one still on its way.</summary>
    public static SendMessageState? FinalState(int type) => type switch
    {
        Delivered => SendMessageState.Delivered,
        Undelivered or Rejected => SendMessageState.Failed,
        _ => null,
    };

    /// <summary>The message id and report type of a report event's id (<see cref="GatewayCallbacks.ReportEventId"/>).</summary>
    public static (Guid Message, int Type)? Parse(string? eventId)
    {
        var parts = eventId?.Split(':');
        return parts is ["dlr", var m, var t] && Guid.TryParseExact(m, "N", out var message)
            && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var type)
            ? (message, type)
            : null;
    }

    public async Task WrittenAsync(EventBatch batch, CancellationToken ct)
    {
        var reports = batch.Written.Where(e => e.Kind == EventKind.DeliveryReport)
            .Select(e => (Event: e, Report: Parse(e.ExternalId)))
            .Where(r => r.Report is not null)
            .ToList();
        if (reports.Count == 0)
        {
            return;
        }

        await using var final = Command(batch, Final);
        await using var accepted = Command(batch, Accepted);
        foreach (var (e, report) in reports)
        {
            var (message, type) = report!.Value;
            var command = FinalState(type) is { } state ? final : type == SmscAccepted ? accepted : null;
            if (command is null)
            {
                continue;
            }

            command.Parameters["$id"].Value = message.ToString().ToUpperInvariant();
            command.Parameters["$account"].Value = e.AccountId.ToString().ToUpperInvariant();
            command.Parameters["$at"].Value = e.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            if (command == final)
            {
                command.Parameters["$state"].Value = FinalState(type)!.Value.ToString();
                command.Parameters["$result"].Value = Result(type, e.Detail);
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static string Result(int type, string? answer)
    {
        var text = string.IsNullOrWhiteSpace(answer) ? $"DLR {type}" : $"DLR {type}: {answer.Trim()}";
        return SendMessage.CutResult(text);
    }

    private static Microsoft.Data.Sqlite.SqliteCommand Command(EventBatch batch, string sql)
    {
        var command = batch.Command(sql);
        foreach (var name in (string[])["$id", "$account", "$at", "$state", "$result"])
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(name, Microsoft.Data.Sqlite.SqliteType.Text);
            }
        }

        return command;
    }
}
