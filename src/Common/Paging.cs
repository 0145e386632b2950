using KooMessage.Console.Common.Text;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Common;

public sealed record PageRequest(int Page = 0, int PageSize = 20, string? Search = null)
{
    public const int MaxPageSize = 100;

    public int SafePage => Math.Max(0, Page);

    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);

    public string? Term => TextNormalizer.Name(Search) is { Length: > 0 } term ? term : null;
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total);

public static class PagingExtensions
{
    /// <summary>Counts and fetches one page on the server; the query must already be ordered.</summary>
    public static async Task<PagedResult<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.SafePage * page.SafePageSize).Take(page.SafePageSize).ToListAsync(ct);
        return new PagedResult<T>(items, total);
    }
}
