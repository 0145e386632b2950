using Bunit;
using Bunit.TestDoubles;
using KooMessage.Console.Common;
using KooMessage.Console.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KooMessage.Console.ComponentTests.Shared;

public sealed class ConsoleListTests : ConsoleComponentTest
{
    private const string EmptyText = "暂无签名。";

    private static readonly RenderFragment NameColumn = builder =>
    {
        builder.OpenComponent<PropertyColumn<Row, string>>(0);
        builder.AddAttribute(1, nameof(PropertyColumn<Row, string>.Property), (System.Linq.Expressions.Expression<Func<Row, string>>)(r => r.Name));
        builder.AddAttribute(2, nameof(PropertyColumn<Row, string>.Title), "名称");
        builder.CloseComponent();
    };

    private int emptyActions;

    public sealed record Row(string Name);

    private IRenderedComponent<MudHost> RenderList(
        Func<PageRequest, CancellationToken, Task<Result<PagedResult<Row>>>> load, bool filtered = false) =>
        Render<MudHost>(p => p.AddChildContent<ConsoleList<Row>>(l => l
            .Add(x => x.Load, load)
            .Add(x => x.Columns, NameColumn)
            .Add(x => x.Title, "签名管理")
            .Add(x => x.SearchPlaceholder, "搜索签名名称")
            .Add(x => x.Filtered, filtered)
            .Add(x => x.EmptyText, EmptyText)
            .Add(x => x.EmptyActionText, "新建签名")
            .Add(x => x.OnEmptyAction, () => emptyActions++)
            .Add(x => x.TestId, "rows")));

    private static Task<Result<PagedResult<Row>>> Page(params string[] names) =>
        Task.FromResult(Result<PagedResult<Row>>.Ok(new PagedResult<Row>(names.Select(n => new Row(n)).ToList(), names.Length)));

    [Fact]
    public void Render_FirstPagePending_ShowsLoadingThenRows()
    {
        var answer = new TaskCompletionSource<Result<PagedResult<Row>>>();

        var cut = RenderList((_, _) => answer.Task);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=list-loading]")));
        Assert.DoesNotContain(EmptyText, cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=list-empty]"));
        Assert.Empty(cut.FindComponents<MudDataGridPager<Row>>());

        answer.SetResult(Result<PagedResult<Row>>.Ok(new PagedResult<Row>([new Row("星河"), new Row("示例")], 2)));

        cut.WaitForAssertion(() => Assert.Contains("星河", cut.Find("[data-testid=rows]").TextContent, StringComparison.Ordinal));
        Assert.Contains("示例", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=list-loading]"));
        Assert.Single(cut.FindComponents<MudDataGridPager<Row>>());
    }

    [Fact]
    public void Render_NoRows_ShowsEmptyStateWhoseActionRuns()
    {
        var cut = RenderList((_, _) => Page());

        cut.WaitForAssertion(() => Assert.Contains(EmptyText, cut.Find("[data-testid=list-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindComponents<MudDataGridPager<Row>>());
        cut.Find("[data-testid=empty-action]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, emptyActions));
    }

    [Fact]
    public void Render_FilteredNoRows_SaysNothingMatchesWithoutAction()
    {
        var cut = RenderList((_, _) => Page(), filtered: true);

        cut.WaitForAssertion(() => Assert.Contains("没有符合搜索条件的记录。", cut.Find("[data-testid=list-empty]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(EmptyText, cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=empty-action]"));
    }

    [Fact]
    public void Render_SearchTyped_PassesTheTermFromTheFirstPage()
    {
        var requests = new List<PageRequest>();
        var cut = RenderList((request, _) =>
        {
            requests.Add(request);
            return Page();
        });
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=list-empty]")));

        cut.InvokeAsync(() => cut.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync("星河"));

        cut.WaitForAssertion(() => Assert.Contains(requests, r => r is { Search: "星河", Page: 0 }));
    }

    [Fact]
    public void Render_AddressNamesSearchPageAndSize_LoadsThatPage()
    {
        var requests = new List<PageRequest>();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/sms/signatures?q={Uri.EscapeDataString("星河")}&page=3&size=10");

        var cut = RenderList((request, _) =>
        {
            requests.Add(request);
            return Task.FromResult(Result<PagedResult<Row>>.Ok(new PagedResult<Row>([new Row("星河")], 45)));
        });

        cut.WaitForAssertion(() => Assert.Equal(new PageRequest(2, 10, "星河"), Assert.Single(requests)));
        Assert.Equal("星河", cut.Find("input[data-testid=search]").GetAttribute("value"));
    }

    [Fact]
    public void Render_SearchTypedOnThirdPage_ReplacesAddressWithSearchFromFirstPage()
    {
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/sms/signatures?page=3&status=ReviewNotPass");
        var requests = new List<PageRequest>();
        var cut = RenderList((request, _) =>
        {
            requests.Add(request);
            return Task.FromResult(Result<PagedResult<Row>>.Ok(new PagedResult<Row>([new Row("星河")], 45)));
        });
        cut.WaitForAssertion(() => Assert.Contains(requests, r => r.Page == 2));
        var entries = navigation.History.Count;

        cut.InvokeAsync(() => cut.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync("星河"));

        cut.WaitForAssertion(() => Assert.Contains(requests, r => r is { Search: "星河", Page: 0 }));
        cut.WaitForAssertion(() => Assert.Equal($"http://localhost/sms/signatures?status=ReviewNotPass&q={Uri.EscapeDataString("星河")}", navigation.Uri));
        Assert.True(navigation.History.First().Options.ReplaceHistoryEntry);
        Assert.Equal(entries, navigation.History.Count);
    }

    // A search the service refuses (a partial number, say) is said at the search box, with nothing to retry; a good one clears it.
    [Fact]
    public void Render_SearchRefused_SaidAtTheSearchBoxNotAsALoadFailure()
    {
        var cut = RenderList((request, _) => request.Search == "138"
            ? Task.FromResult(Result<PagedResult<Row>>.Fail(new KmError("KM.80000002", "请输入11位中国大陆手机号码。").OnField(PageRequest.SearchField)))
            : Page("星河"));
        cut.WaitForAssertion(() => Assert.Contains("星河", cut.Find("[data-testid=rows]").TextContent, StringComparison.Ordinal));

        cut.InvokeAsync(() => cut.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync("138"));

        cut.WaitForAssertion(() => Assert.Contains("请输入11位中国大陆手机号码。", cut.Find(".km-search").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=list-error]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=list-empty]"));

        cut.InvokeAsync(() => cut.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync("13800138000"));

        cut.WaitForAssertion(() => Assert.Contains("星河", cut.Find("[data-testid=rows]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("请输入11位中国大陆手机号码。", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LoadFails_ShowsTheErrorAndRetries()
    {
        var calls = 0;
        var cut = RenderList((_, _) => ++calls == 1
            ? Task.FromResult(Result<PagedResult<Row>>.Fail(new KmError("KM.90010001", "未经授权的操作。")))
            : Page("星河"));

        cut.WaitForAssertion(() => Assert.Contains("未经授权的操作。", cut.Find("[data-testid=list-error]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(EmptyText, cut.Markup, StringComparison.Ordinal);
        cut.Find("[data-testid=list-error] button").Click();

        cut.WaitForAssertion(() => Assert.Contains("星河", cut.Find("[data-testid=rows]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=list-error]"));
    }

    [Fact]
    public async Task Reload_WhileALoadRuns_TheReplacedLoadShowsNoError()
    {
        var tokens = new List<CancellationToken>();
        var cut = RenderList(async (_, ct) =>
        {
            tokens.Add(ct);
            if (tokens.Count == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return await Page("星河");
        });
        cut.WaitForAssertion(() => Assert.Single(tokens));

        await cut.InvokeAsync(() => cut.FindComponent<ConsoleList<Row>>().Instance.ReloadAsync());

        cut.WaitForAssertion(() => Assert.Contains("星河", cut.Find("[data-testid=rows]").TextContent, StringComparison.Ordinal));
        Assert.True(tokens[0].IsCancellationRequested);
        Assert.Empty(cut.FindAll("[data-testid=list-error]"));
    }

    [Fact]
    public async Task Dispose_LoadRunning_CancelsItsToken()
    {
        var started = new TaskCompletionSource<CancellationToken>();
        var cut = RenderList(async (_, ct) =>
        {
            started.TrySetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
            return await Page();
        });
        var token = await started.Task.WaitAsync(DefaultWaitTimeout);

        await DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
        Assert.True(cut.IsDisposed);
    }

    [Fact]
    public async Task Dispose_Page_CancelsLeaving()
    {
        var page = Render<Probe>();
        var leaving = page.Instance.Token;
        Assert.False(leaving.IsCancellationRequested);

        await DisposeComponentsAsync();

        Assert.True(leaving.IsCancellationRequested);
    }

    private sealed class Probe : ConsolePage
    {
        public CancellationToken Token => Leaving;
    }
}
