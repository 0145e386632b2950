using System.Text.Json;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>A pushed event may name the account's own link codes only.</summary>
/// <remarks>
/// The codes are looked up in every domain through the unique (DomainKey, Code) index, the account checked but not
/// searched (<c>+"AccountId"</c>). Through EF the tenant filter's <c>"AccountId" = @tenant</c> made SQLite, which keeps no
/// statistics here, read every link of the account through (AccountId, TaskId) for each pushed batch: a personalised
/// task alone has up to 100,000 links (see <c>MessageRows</c> for the same planner choice in the send dispatcher).
/// </remarks>
internal sealed class LinkEventCheck(TenantDb dbs) : IEventSubjectCheck
{
    /// <summary>The codes of <c>$codes</c> (a JSON array) that are <c>$account</c>'s links, on any domain.</summary>
    internal static readonly string Owned =
        $"""
        SELECT "Code" FROM "ShortLinks"
        WHERE "Code" IN (SELECT value FROM json_each($codes))
            AND "DomainKey" IN (SELECT lower("Id") FROM "ShortDomains" UNION ALL SELECT '{ShortLinkOptions.DefaultDomainKey}')
            AND +"AccountId" = $account
        """;

    public EventSubject Subject => EventSubject.LinkCode;

    public async Task<IReadOnlySet<string>> OwnedAsync(Guid accountId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await dbs.ForAccountAsync(accountId, "event ingestion: link codes named by pushed events", ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Owned;
        command.Parameters.Add(new SqliteParameter("$codes", JsonSerializer.Serialize(ids)));
        command.Parameters.Add(new SqliteParameter("$account", JsonRows.Text(accountId)));
        var owned = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            owned.Add(reader.GetString(0));
        }

        return owned;
    }
}
