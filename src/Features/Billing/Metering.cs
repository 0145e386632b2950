using System.Globalization;
using System.Text.Json;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Signatures;
using Microsoft.Data.Sqlite;

namespace KooMessage.Console.Features.Billing;

/// <summary>
/// Meters billable events into usage, inside the event writer's batch transaction, so an event is metered exactly when,
/// and only once, it is stored (a repeated event id is not newly stored; a batch that rolls back takes its usage with
/// it). A resolve (not a bot) is 智能信息解析; a send is one use per SMS segment, 通知类 or 营销类 by its signature, or a
/// plain SMS when it went as one; a menu click the menu's rule bills is a service-number click. Each use draws on the
/// account's packages first (<see cref="Deduction"/>), then goes on demand at the price in force when it happened; a
/// resolve of an individual link whose send drew on a 发送和解析 unit is included. Every lookup is one query per batch;
/// the events themselves come with the batch (<see cref="EventBatch.Ids"/> says which row each became), not read back.
/// </summary>
public sealed class Metering(TimeProvider clock) : IEventBatchHandler
{
    private static readonly string Sends =
        $"""
        SELECT m."Id", m."Segments", m."Plain", t."TemplateVersionId" IS NULL, s."Type", t."TplId"
        FROM json_each($ids) j
        JOIN "{SendingConfiguration.MessagesTable}" m ON m."Id" = j.value
        JOIN "SendTasks" t ON t."Id" = m."TaskId"
        LEFT JOIN "Signatures" s ON s."Id" = t."SignatureId"
        """;

    private static readonly string SendPackageAccounts =
        $"""
        SELECT DISTINCT "AccountId" FROM "ResourcePackages"
        WHERE "AccountId" IN (SELECT value FROM json_each($accounts)) AND "Family" IN ({(int)PackageFamily.AimSendNotify}, {(int)PackageFamily.AimSendMarketing})
        """;

    // A link → its send task (the task's resolve task holds it) → the message to its number → that message's send
    // event → a usage part drawn from a 发送和解析 package.
    private static readonly string Included =
        $"""
        SELECT DISTINCT j.key FROM json_each($links) j
        JOIN "ShortLinks" l ON l."DomainKey" IN (SELECT lower("Id") FROM "ShortDomains" UNION ALL SELECT '{ShortLinkOptions.DefaultDomainKey}')
            AND l."Code" = json_extract(j.value, '$.c') AND l."AccountId" = json_extract(j.value, '$.a')
        JOIN "SendTasks" t ON t."ResolveTaskId" = l."TaskId" AND t."AccountId" = l."AccountId"
        JOIN "{SendingConfiguration.MessagesTable}" m ON m."IdempotencyKey" = lower(replace(t."Id", '-', '')) || ':' || l."CustFlag"
        JOIN "{EventStore.Table}" e ON e."AccountId" = m."AccountId" AND e."ExternalId" = 'send:' || lower(replace(m."Id", '-', ''))
        JOIN "UsageRecords" u ON u."EventId" = e."Id" AND u."Mode" = {(int)UsageMode.Package}
        JOIN "ResourcePackages" p ON p."Id" = u."PackageId" AND p."Family" IN ({(int)PackageFamily.AimSendNotify}, {(int)PackageFamily.AimSendMarketing})
        """;

    private const string Packages =
        """
        SELECT "Id", "AccountId", "Family", "Units", "Used", "StartsAt", "ExpiresAt" FROM "ResourcePackages"
        WHERE "AccountId" IN (SELECT value FROM json_each($accounts)) AND "Used" < "Units" AND "ExpiresAt" > $from
        """;

    private const string Prices = """SELECT "Item", "Price", "EffectiveFrom" FROM "UnitPrices" """;

    /// <summary>The batch's usage in one statement, its rows as one JSON parameter (values in the order of the columns).</summary>
    private const string Insert =
        """
        INSERT INTO "UsageRecords" ("AccountId", "EventId", "Part", "Item", "OccurredAt", "RecordedAt", "Quantity", "Mode", "PackageId", "UnitPrice", "Subject", "ChargeId")
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, NULL
        FROM json_each($rows)
        """;

    private const string Draw = """UPDATE "ResourcePackages" SET "Used" = "Used" + $drawn WHERE "Id" = $id""";

    /// <summary>Whether <paramref name="e"/> is of a kind and kind of its kind that is billed.</summary>
    public static bool Billable(EventRecord e) => e.Kind switch
    {
        EventKind.Resolve => !e.IsBot,
        EventKind.Send => true,
        EventKind.MenuClick => e.Billed == true,
        _ => false,
    };

    public async Task WrittenAsync(EventBatch batch, CancellationToken ct)
    {
        if (!batch.Written.Any(Billable))
        {
            return;
        }

        var events = Fresh(batch);

        var sends = await SendsAsync(batch, events, ct);
        var included = await IncludedAsync(batch, events, ct);
        var deduction = new Deduction(await PackagesAsync(batch, events, ct));
        var prices = new PriceBook(await PricesAsync(batch, ct));
        var now = clock.GetUtcNow().UtcDateTime;

        var rows = new List<object?[]>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (Use(e, sends) is not { } use)
            {
                continue;
            }

            var parts = included.Contains(i)
                ? [new Part(UsageMode.Included, null, use.Quantity, 0)]
                : deduction.Draw(e.AccountId, use.Item, e.OccurredAt, use.Quantity)
                    .Select(d => d.PackageId is { } id
                        ? new Part(UsageMode.Package, id, d.Quantity, 0)
                        : new Part(UsageMode.OnDemand, null, d.Quantity, prices.At(use.Item, e.OccurredAt) ?? 0))
                    .ToList();
            rows.AddRange(parts.Select((part, n) => new object?[]
            {
                e.AccountId, e.Id, n, (int)use.Item, e.OccurredAt, now, part.Quantity, (int)part.Mode, part.PackageId, part.UnitPrice, use.Subject,
            }));
        }

        if (rows.Count > 0)
        {
            await using var insert = batch.Command(Insert);
            insert.Parameters.Add("$rows", SqliteType.Text).Value = JsonRows.Of(rows, rows.Count * 160);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var draw = batch.Command(Draw);
        draw.Parameters.Add("$drawn", SqliteType.Integer);
        draw.Parameters.Add("$id", SqliteType.Text);
        foreach (var package in deduction.Drawn)
        {
            draw.Parameters["$drawn"].Value = package.Drawn;
            draw.Parameters["$id"].Value = JsonRows.Text(package.Id);
            await draw.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The item, units and subject an event is metered as; null when it is not billed (or its message is gone).</summary>
    private static Use? Use(Stored e, Dictionary<Guid, SendRow> sends) => e.Kind switch
    {
        EventKind.Resolve when !e.IsBot => new Use(BillingItem.Resolve, 1, e.LinkCode),
        EventKind.MenuClick when e.Billed == true => new Use(BillingItem.ServiceClick, 1, e.ServiceNumber),
        EventKind.Send when MessageId(e.ExternalId) is { } id && sends.TryGetValue(id, out var send) =>
            new Use(send.Plain ? BillingItem.PlainSms : send.Marketing ? BillingItem.SendMarketing : BillingItem.SendNotify, Math.Max(1, send.Segments), send.TplId),
        _ => null,
    };

    /// <summary>The message id of a send event's id (<see cref="GatewayCallbacks.SendEventId"/>).</summary>
    public static Guid? MessageId(string? externalId) =>
        externalId is { } id && id.StartsWith("send:", StringComparison.Ordinal) && Guid.TryParseExact(id.AsSpan(5), "N", out var message) ? message : null;

    /// <summary>The batch's events of the kinds that may be billed, with their ids, in the order they were stored.</summary>
    private static List<Stored> Fresh(EventBatch batch)
    {
        var rows = new List<Stored>();
        for (var i = 0; i < batch.Written.Count; i++)
        {
            if (batch.Written[i] is { Kind: EventKind.Resolve or EventKind.Send or EventKind.MenuClick } e)
            {
                rows.Add(new Stored(batch.Ids[i], e.AccountId, e.Kind, e.OccurredAt, e.ExternalId, e.LinkCode, e.ServiceNumber, e.IsBot, e.Billed));
            }
        }

        return rows;
    }

    private static async Task<Dictionary<Guid, SendRow>> SendsAsync(EventBatch batch, List<Stored> events, CancellationToken ct)
    {
        var ids = events.Where(e => e.Kind == EventKind.Send).Select(e => MessageId(e.ExternalId)).OfType<Guid>().Select(JsonRows.Text).ToList();
        var rows = new Dictionary<Guid, SendRow>();
        if (ids.Count == 0)
        {
            return rows;
        }

        await using var command = batch.Command(Sends);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // A basic send (no card template) or a number that could not render the card went as a plain SMS.
            var plain = reader.GetBoolean(2) || reader.GetBoolean(3);
            var marketing = !reader.IsDBNull(4) && reader.GetInt32(4) == (int)SignatureType.Promotion;
            rows[reader.GetGuid(0)] = new SendRow(reader.GetInt32(1), plain, marketing, Nullable(reader, 5));
        }

        return rows;
    }

    /// <summary>The indexes (into <paramref name="events"/>) of the resolves a 发送和解析 unit already paid for.</summary>
    private static async Task<HashSet<int>> IncludedAsync(EventBatch batch, List<Stored> events, CancellationToken ct)
    {
        var included = new HashSet<int>();
        var resolves = events.Select((e, i) => (e, i)).Where(x => x.e is { Kind: EventKind.Resolve, IsBot: false, LinkCode: not null }).ToList();
        if (resolves.Count == 0)
        {
            return included;
        }

        // Only an account that ever had a 发送和解析 package can have such resolves: most batches stop here.
        var accounts = new HashSet<Guid>();
        await using (var command = batch.Command(SendPackageAccounts))
        {
            command.Parameters.AddWithValue("$accounts", JsonSerializer.Serialize(resolves.Select(x => JsonRows.Text(x.e.AccountId)).Distinct()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                accounts.Add(reader.GetGuid(0));
            }
        }

        var links = resolves.Where(x => accounts.Contains(x.e.AccountId)).ToDictionary(x => x.i, x => new Dictionary<string, string> { ["a"] = JsonRows.Text(x.e.AccountId), ["c"] = x.e.LinkCode! });
        if (links.Count == 0)
        {
            return included;
        }

        await using var query = batch.Command(Included);
        query.Parameters.AddWithValue("$links", JsonSerializer.Serialize(links.ToDictionary(k => k.Key.ToString(CultureInfo.InvariantCulture), k => k.Value)));
        await using var rows = await query.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            included.Add(int.Parse(rows.GetString(0), CultureInfo.InvariantCulture));
        }

        return included;
    }

    private static async Task<List<PackageLeft>> PackagesAsync(EventBatch batch, List<Stored> events, CancellationToken ct)
    {
        await using var command = batch.Command(Packages);
        command.Parameters.AddWithValue("$accounts", JsonSerializer.Serialize(events.Select(e => JsonRows.Text(e.AccountId)).Distinct()));
        command.Parameters.AddWithValue("$from", JsonRows.Text(events.Min(e => e.OccurredAt)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var packages = new List<PackageLeft>();
        while (await reader.ReadAsync(ct))
        {
            packages.Add(new PackageLeft(
                reader.GetGuid(0), reader.GetGuid(1), (PackageFamily)reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), Utc(reader.GetDateTime(5)), Utc(reader.GetDateTime(6))));
        }

        return packages;
    }

    private static async Task<List<UnitPrice>> PricesAsync(EventBatch batch, CancellationToken ct)
    {
        await using var command = batch.Command(Prices);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var prices = new List<UnitPrice>();
        while (await reader.ReadAsync(ct))
        {
            prices.Add(new UnitPrice { Item = (BillingItem)reader.GetInt32(0), Price = reader.GetInt64(1), EffectiveFrom = Utc(reader.GetDateTime(2)) });
        }

        return prices;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static string? Nullable(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private sealed record Stored(long Id, Guid AccountId, EventKind Kind, DateTime OccurredAt, string? ExternalId, string? LinkCode, string? ServiceNumber, bool IsBot, bool? Billed);

    private sealed record SendRow(int Segments, bool Plain, bool Marketing, string? TplId);

    private sealed record Part(UsageMode Mode, Guid? PackageId, long Quantity, long UnitPrice);
}

/// <summary>An event's billed item, units and subject.</summary>
internal sealed record Use(BillingItem Item, long Quantity, string? Subject);
