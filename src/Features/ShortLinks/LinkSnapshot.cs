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
/// The resolve host's bounded in-memory view of links (MemoryCache with a size limit, one unit a link). At start, and
/// again after every <see cref="Invalidate"/>, it loads the newest open links (enabled, not expired) up to its size in
/// one query, in the background; a link it does not hold is read from the database once. Entries live at most
/// <see cref="Lifetime"/> (an unknown code <see cref="UnknownLifetime"/>, so a code created after a probe soon opens),
/// and all are dropped at once when the console changes a link, a task, a domain or a template.
/// </summary>
public sealed partial class LinkSnapshot : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// How long an entry is kept. Shorter than <see cref="ResolveCounters.IdleAfter"/>: a counter the writer lets go
    /// is never seeded again from an entry loaded before its last count was stored.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan UnknownLifetime = TimeSpan.FromSeconds(10);

    private readonly TenantDb dbs;
    private readonly TemplateChanges templates;
    private readonly TimeProvider clock;
    private readonly ILogger<LinkSnapshot> log;
    private readonly int size;
    private readonly MemoryCache cache;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock preloading = new();
    private CancellationTokenSource generation = new();
    private IReadOnlyList<ShortDomain>? domains;
    private Task preload = Task.CompletedTask;
    private bool preloadAgain;
    private Task? shutDown;

    public LinkSnapshot(TenantDb dbs, TemplateChanges templates, TimeProvider clock, IOptions<ShortLinkOptions> options, ILogger<LinkSnapshot> log)
    {
        this.dbs = dbs;
        this.templates = templates;
        this.clock = clock;
        this.log = log;
        size = Math.Max(1, options.Value.SnapshotSize);
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = size });
        templates.Changed += OnTemplateChanged;
    }

    /// <summary>Links loaded by the last preload.</summary>
    public int Preloaded { get; private set; }

    /// <summary>The preload running or last run (tests and the benchmark wait for it).</summary>
    public Task Preloading
    {
        get
        {
            lock (preloading)
            {
                return preload;
            }
        }
    }

    /// <summary>The link with <paramref name="code"/> on the domain, or null when there is none.</summary>
    public async ValueTask<LinkEntry?> FindAsync(string domainKey, string code, CancellationToken ct)
    {
        var key = (domainKey, code);
        if (cache.TryGetValue(key, out LinkEntry? hit))
        {
            return hit;
        }

        var token = Volatile.Read(ref generation).Token;
        await using var db = await dbs.ForSystemAsync("short-link resolve host: a link by its code", ct);
        var entry = await Entries(db).Where(r => r.Link.DomainKey == domainKey && r.Link.Code == code).Select(Project).SingleOrDefaultAsync(ct) is { } row
            ? ToEntry(row)
            : null;
        Put(key, entry, token);
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

    /// <summary>Drops everything held (the console changed a link, a task, a domain or a template) and loads the open links again.</summary>
    public void Invalidate()
    {
        // The old source is not disposed: a lookup may be reading its token right now (it holds no timer).
        var old = Interlocked.Exchange(ref generation, new CancellationTokenSource());
        Volatile.Write(ref domains, null);
        old.Cancel();
        StartPreload();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartPreload();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => ShutDown().WaitAsync(cancellationToken);

    /// <summary>A host that disposes its services while or before it stops them (the test host does) ends the preload first.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutDown();
        templates.Changed -= OnTemplateChanged;
        cache.Dispose();
        generation.Dispose();
        stopping.Dispose();
    }

    private Task ShutDown()
    {
        lock (preloading)
        {
            return shutDown ??= ShutDownOnceAsync();
        }
    }

    private async Task ShutDownOnceAsync()
    {
        await stopping.CancelAsync();
        await Preloading;
    }

    /// <summary>One preload at a time; an invalidation during one asks for another after it.</summary>
    private void StartPreload()
    {
        lock (preloading)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!preload.IsCompleted)
            {
                preloadAgain = true;
                return;
            }

            preload = Task.Run(PreloadLoopAsync, CancellationToken.None);
        }
    }

    private async Task PreloadLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Preloaded = await PreloadAsync(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not fatal: the links are read one by one as they are visited.
                LogPreloadFailed(ex);
            }

            lock (preloading)
            {
                if (!preloadAgain)
                {
                    return;
                }

                preloadAgain = false;
            }
        }
    }

    /// <summary>The newest open links, as many as the snapshot holds, in one query.</summary>
    private async Task<int> PreloadAsync(CancellationToken ct)
    {
        var token = Volatile.Read(ref generation).Token;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.ForSystemAsync("short-link resolve host: preload the open links", ct);
        var loaded = 0;
        var rows = Entries(db)
            .Where(r => r.Link.Enabled && r.Task.Enabled && r.Link.ExpiresAt > now && r.Link.Resolved < r.Link.MaxResolves)
            .OrderByDescending(r => r.Link.CreatedAt)
            .Take(size)
            .Select(Project)
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (token.IsCancellationRequested)
            {
                // Invalidated meanwhile: what was read may be stale; the next preload starts over.
                break;
            }

            Put((row.DomainKey, row.Code), ToEntry(row), token);
            loaded++;
        }

        return loaded;
    }

    private void Put((string DomainKey, string Code) key, LinkEntry? entry, CancellationToken token)
    {
        using var e = cache.CreateEntry(key);
        e.Value = entry;
        e.Size = 1;
        e.AbsoluteExpirationRelativeToNow = entry is null ? UnknownLifetime : Lifetime;

        // Taken before the read: a change while reading expires what was read at once.
        e.AddExpirationToken(new Microsoft.Extensions.Primitives.CancellationChangeToken(token));
    }

    private void OnTemplateChanged(string tplId) => Invalidate();

    private static IQueryable<LinkRow> Entries(KooMessageDb db) =>
        from link in db.ShortLinks.AsNoTracking()
        join task in db.ResolveTasks.AsNoTracking() on link.TaskId equals task.Id
        join version in db.AimTemplateVersions.AsNoTracking() on task.VersionId equals version.Id into versions
        from version in versions.DefaultIfEmpty()
        select new LinkRow { Link = link, Task = task, Token = version == null ? null : version.PublicToken };

    private static readonly System.Linq.Expressions.Expression<Func<LinkRow, Row>> Project = r => new Row(
        r.Link.Id, r.Link.AccountId, r.Link.DomainKey, r.Link.Code, r.Task.TplId, r.Token, r.Task.CustomUrl, r.Link.Values, r.Link.ExpiresAt, r.Task.Type,
        r.Link.Enabled && r.Task.Enabled, r.Link.NumberHash, r.Link.Resolved, r.Link.MaxResolves);

    private static LinkEntry ToEntry(Row row) => new()
    {
        LinkId = row.Id,
        AccountId = row.AccountId,
        Code = row.Code,
        TplId = row.TplId,
        VersionToken = row.Token,
        // A task saved before custom URLs were stored in ASCII: a non-ASCII Location header would fail the visit.
        CustomUrl = row.CustomUrl is { } url ? ResolveTaskRules.AsciiUrl(url) ?? url : null,
        Values = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Values) ?? [],
        ExpiresAt = row.ExpiresAt,
        Individual = row.Type == ShortLinkType.Individual,
        Enabled = row.Enabled,
        NumberHash = row.NumberHash,
        ResolvedAtLoad = row.Resolved,
        MaxResolves = row.MaxResolves,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preloading the open short links failed; links are read as they are visited")]
    private partial void LogPreloadFailed(Exception ex);

    private sealed class LinkRow
    {
        public required ShortLink Link { get; init; }

        public required ResolveTask Task { get; init; }

        public required string? Token { get; init; }
    }

    private sealed record Row(
        Guid Id, Guid AccountId, string DomainKey, string Code, string TplId, string? Token, string? CustomUrl, string Values, DateTime ExpiresAt,
        ShortLinkType Type, bool Enabled, string? NumberHash, int Resolved, int MaxResolves);
}
