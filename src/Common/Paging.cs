using System.Linq.Expressions;
using KooMessage.Console.Common.Text;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Common;

/// <summary>A page of a list: its number, size, search text and the column the user sorted by (a row property's name), if any.</summary>
public sealed record PageRequest(int Page = 0, int PageSize = 20, string? Search = null, string? SortBy = null, bool Descending = false)
{
    public const int MaxPageSize = 100;

    /// <summary>The field a refused search is named by (<c>KmError.OnField</c>): the list shows it at its search box.</summary>
    public const string SearchField = nameof(Search);

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

/// <summary>
/// The columns a list may be sorted by on the server, each named as the row property its grid column shows. A name not
/// listed (or none) leaves the list in its own order, so a request can never sort by an arbitrary expression.
/// </summary>
public sealed class SortColumns<T>
{
    private readonly Dictionary<string, Func<IQueryable<T>, bool, IOrderedQueryable<T>>> columns = new(StringComparer.Ordinal);

    public SortColumns<T> Add<TKey>(string column, Expression<Func<T, TKey>> key)
    {
        columns[column] = (query, descending) => descending ? query.OrderByDescending(key) : query.OrderBy(key);
        return this;
    }

    /// <summary>The query in the order the page asks for, or <paramref name="standard"/>'s order when it asks for none this list knows.</summary>
    public IOrderedQueryable<T> Apply(IQueryable<T> query, PageRequest page, Func<IQueryable<T>, IOrderedQueryable<T>> standard) =>
        page.SortBy is { } column && columns.TryGetValue(column, out var sort) ? sort(query, page.Descending) : standard(query);
}
