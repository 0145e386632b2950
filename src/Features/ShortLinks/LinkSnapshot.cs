using System.Text.Json;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>What the resolve host needs of one link, held in memory.</summary>
public sealed class LinkEntry
{
    public required Guid LinkId { get; init; }

    public required Guid AccountId { get; init; }

    public required string Code { get; init; }

    public required string TplId { get; init; }

    public required string? VersionToken { get; init; }

    public required string? CustomUrl { get; init; }

    public required IReadOnlyDictionary<string, string> Values { get; init; }

    public required DateTime ExpiresAt { get; init; }

    public required bool Individual { get; init; }

    public required bool Enabled { get; init; }

    public required string? NumberHash { get; init; }

    /// <summary>The link's count in the database when it was loaded: where <see cref="ResolveCounters"/> starts.</summary>
    public required int ResolvedAtLoad { get; init; }

    public required int MaxResolves { get; init; }
}

/// <summary>
/// The resolve host's bounded in-memory view of links (MemoryCache with a size limit, one unit a link): a miss reads
/// the database once. Entries live at most a minute and are dropped at once when the console changes a link, a task,
/// a domain or a template (<see cref="Invalidate"/>).
/// </summary>
public sealed class LinkSnapshot : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly TenantDb dbs;
    private readonly TemplateChanges templates;
    private readonly MemoryCache cache;

    private CancellationTokenSource generation = new();

    private IReadOnlyList<ShortDomain>? domains;

    public LinkSnapshot(TenantDb dbs, TemplateChanges templates, IOptions<ShortLinkOptions> options)
    {
        this.dbs = dbs;
        this.templates = templates;
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.SnapshotSize) });
        templates.Changed += OnTemplateChanged;
    }

    /// <summary>The link with <paramref name="code"/> on the domain, or null when there is none.</summary>
    public async ValueTask<LinkEntry?> FindAsync(string domainKey, string code, CancellationToken ct)
    {
        var key = (domainKey, code);
        if (cache.TryGetValue(key, out LinkEntry? hit))
        {
            return hit;
        }

        var token = generation.Token;
        var entry = await LoadAsync(domainKey, code, ct);
        using (var e = cache.CreateEntry(key))
        {
            e.Value = entry;
            e.Size = 1;
            e.AbsoluteExpirationRelativeToNow = Lifetime;
            e.AddExpirationToken(new Microsoft.Extensions.Primitives.CancellationChangeToken(token));
        }

        return entry;
    }

    /// <summary>The enabled platform domains, for matching a request's host; read again after <see cref="Invalidate"/>.</summary>
    public async ValueTask<IReadOnlyList<ShortDomain>> DomainsAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref domains) is { } known)
        {
            return known;
        }

        await using var db = await dbs.ForSystemAsync("short-link resolve host: the platform's domains", ct);
        var read = await db.ShortDomains.AsNoTracking().Where(d => d.Status == DomainStatus.Enabled).ToListAsync(ct);
        Volatile.Write(ref domains, read);
        return read;
    }

    /// <summary>Which of <paramref name="codes"/> a link of any account already has on the domain (exact, case-sensitive).</summary>
    public async Task<IReadOnlyList<string>> TakenAsync(string domainKey, IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            return [];
        }

        await using var db = await dbs.ForSystemAsync("short links: a domain's codes are one namespace across accounts", ct);
        return await db.ShortLinks.AsNoTracking().Where(k => k.DomainKey == domainKey && codes.Contains(k.Code)).Select(k => k.Code).ToListAsync(ct);
    }

    /// <summary>Drops everything held: the console changed a link, a task or a domain.</summary>
    public void Invalidate()
    {
        var old = Interlocked.Exchange(ref generation, new CancellationTokenSource());
        Volatile.Write(ref domains, null);
        old.Cancel();
        old.Dispose();
    }

    public void Dispose()
    {
        templates.Changed -= OnTemplateChanged;
        cache.Dispose();
        generation.Dispose();
    }

    private void OnTemplateChanged(string tplId) => Invalidate();

    private async Task<LinkEntry?> LoadAsync(string domainKey, string code, CancellationToken ct)
    {
        await using var db = await dbs.ForSystemAsync("short-link resolve host: a link by its code", ct);
        var row = await (
            from link in db.ShortLinks.AsNoTracking()
            join task in db.ResolveTasks.AsNoTracking() on link.TaskId equals task.Id
            where link.DomainKey == domainKey && link.Code == code
            select new
            {
                link.Id, link.AccountId, link.Code, task.TplId, task.VersionId, task.CustomUrl, link.Values, link.ExpiresAt, task.Type,
                Enabled = link.Enabled && task.Enabled, link.NumberHash, link.Resolved, link.MaxResolves,
            }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var token = await db.AimTemplateVersions.AsNoTracking().Where(v => v.Id == row.VersionId).Select(v => v.PublicToken).SingleOrDefaultAsync(ct);
        return new LinkEntry
        {
            LinkId = row.Id,
            AccountId = row.AccountId,
            Code = row.Code,
            TplId = row.TplId,
            VersionToken = token,
            CustomUrl = row.CustomUrl,
            Values = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Values) ?? [],
            ExpiresAt = row.ExpiresAt,
            Individual = row.Type == ShortLinkType.Individual,
            Enabled = row.Enabled,
            NumberHash = row.NumberHash,
            ResolvedAtLoad = row.Resolved,
            MaxResolves = row.MaxResolves,
        };
    }
}
