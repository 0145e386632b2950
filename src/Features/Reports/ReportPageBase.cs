using KooMessage.Console.Common;
using KooMessage.Console.Common.Exports;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Components.Shared;
using KooMessage.Console.Features.Downloads;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Features.Reports;

/// <summary>
/// What the report pages share: the range in the address (<c>from</c>, <c>to</c>: the account's days; the last 30 days
/// up to today in the account's time zone when the address names none), the chart's data from the same answer as the
/// table's page, field errors of a bad range, and the export of the report with its current conditions.
/// </summary>
public abstract class ReportPageBase : ConsolePage
{
    [Inject]
    protected ReportReader Reader { get; set; } = default!;

    [Inject]
    protected CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    [Inject]
    protected IDialogService Dialogs { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    protected IEnumerable<IExportSource> ExportSources { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Words { get; set; } = default!;

    protected UserContext Me { get; private set; } = UserContext.Anonymous;

    protected KmError? LoadError { get; private set; }

    protected IReadOnlyList<string> Labels { get; private set; } = [];

    protected IReadOnlyList<ReportSeries> Series { get; private set; } = [];

    [SupplyParameterFromQuery(Name = "from")]
    protected string? FromInUrl { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    protected string? ToInUrl { get; set; }

    /// <summary>The range's first day as the date field shows it (the default when the address names none).</summary>
    protected string? FromText => FromInUrl ?? ReportRules.Text(DefaultRange().From);

    protected string? ToText => ToInUrl ?? ReportRules.Text(DefaultRange().To);

    protected DateOnly? From => ReportRules.ParseDate(FromText);

    protected DateOnly? To => ReportRules.ParseDate(ToText);

    /// <summary>The account's card templates, for the template filters.</summary>
    protected IReadOnlyList<ReportOption> Templates { get; private set; } = [];

    /// <summary>The time zone the report's days are in (the account's).</summary>
    protected string ZoneName => Me.TimeZone.Length > 0 ? Me.TimeZone : UserTime.DefaultZone;

    protected override async Task OnInitializedAsync()
    {
        Me = await CurrentUser.GetAsync();
        if (await Reader.TemplateChoicesAsync(Leaving) is { IsSuccess: true } found)
        {
            Templates = found.Value;
        }
    }

    protected string? TemplateName(string? tplId) => tplId is null ? null : Templates.FirstOrDefault(t => t.Value == tplId)?.Name ?? tplId;

    private (DateOnly From, DateOnly To) DefaultRange() => ReportRules.DefaultRange(Clock.GetUtcNow().UtcDateTime, Me.TimeZone);

    protected string? FieldError(string field) => LoadError?.Fields.FirstOrDefault(f => f.Field == field)?.Message;

    /// <summary>Keeps the chart's data of the answer and hands its page of rows to the list.</summary>
    protected async Task<Result<PagedResult<TRow>>> ShowAsync<TRow>(Task<Result<ReportView<TRow>>> reading)
    {
        var result = await reading;
        LoadError = result.Error;
        if (result.Error is { } error)
        {
            (Labels, Series) = ([], []);
            await InvokeAsync(StateHasChanged);
            return error;
        }

        (Labels, Series) = (result.Value.Labels, result.Value.Series);
        OnShown(result.Value.Rows.Total);
        await InvokeAsync(StateHasChanged);
        return result.Value.Rows;
    }

    /// <summary>What a page does with an answer besides showing it (nothing by default).</summary>
    protected virtual void OnShown(int rows)
    {
    }

    protected Dictionary<string, object?> RangeFilters(Dictionary<string, object?> others)
    {
        others["from"] = FromText;
        others["to"] = ToText;
        return others;
    }

    protected abstract Task ReloadFromFirstPageAsync();

    protected Task FilterAsync(Action set)
    {
        set();
        return ReloadFromFirstPageAsync();
    }

    protected Task FromChangedAsync(string? value) => FilterAsync(() => FromInUrl = value ?? "");

    protected Task ToChangedAsync(string? value) => FilterAsync(() => ToInUrl = value ?? "");

    /// <summary>The report with its current conditions into the download center.</summary>
    protected async Task ExportAsync(ReportKind kind, string parameters)
    {
        var source = ExportSources.Single(s => s.Key == ReportExportSource.KeyOf(kind));
        var dialog = await Dialogs.ShowAsync<ExportDialog>(Words["Action.Export"], new DialogParameters<ExportDialog>
        {
            { d => d.Source, source }, { d => d.Parameters, parameters },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(Words["Downloads.Queued"], Severity.Success, c =>
            {
                c.Action = Words["Downloads.Open"];
                c.OnClick = _ =>
                {
                    Navigation.NavigateTo(DownloadsModule.Route);
                    return Task.CompletedTask;
                };
            });
        }
    }
}
