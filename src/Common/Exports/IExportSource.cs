using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Common.Exports;

/// <summary>A column a list can export: its key, its header's resource key, how its cells are typed and its width.</summary>
public sealed record ExportField(string Key, string HeaderKey, ExportCellKind Kind, double Width);

/// <summary>A filter of an export as the requester set it, e.g. 状态 = 审核通过: a label's resource key and the value in words.</summary>
public sealed record ExportCondition(string LabelKey, string Value);

/// <summary>
/// A list that exports (signatures, templates, links, bills, reports). The download center lists a source's files to
/// those with its view permission; its export permission decides who starts one. The parameters are the list's filter
/// as JSON, written by the page and read back here; rows stream from the database straight into the file.
/// </summary>
public interface IExportSource
{
    /// <summary>Stable key stored with each export, e.g. <c>signatures</c>.</summary>
    string Key { get; }

    /// <summary>The resource key of the list's name (the download center's 来源 and the sheet's name).</summary>
    string TitleKey { get; }

    Permission ViewPermission { get; }

    Permission ExportPermission { get; }

    IReadOnlyList<ExportField> Fields { get; }

    /// <summary>The filter in words, in the current UI culture; invalid parameters throw.</summary>
    IReadOnlyList<ExportCondition> Describe(string parameters, IStringLocalizer l);

    Task<long> CountAsync(KooMessageDb db, string parameters, CancellationToken ct);

    /// <summary>
    /// Every row of the filter, its cells in <see cref="Fields"/> order: text already in the current UI culture, times
    /// already in <paramref name="timeZone"/>, read from the database as a stream.
    /// </summary>
    IAsyncEnumerable<object?[]> RowsAsync(KooMessageDb db, string parameters, string timeZone, IStringLocalizer l, CancellationToken ct);
}
