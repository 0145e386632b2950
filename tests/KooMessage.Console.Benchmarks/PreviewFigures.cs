using System.Diagnostics;
using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Preview;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KooMessage.Console.Benchmarks;

/// <summary>
/// What one edit in the builder costs for the largest template (横滑, 10 cards): the builder state applies it and runs
/// the check again, then the six previews render to HTML through Blazor's <see cref="HtmlRenderer"/> (the components'
/// real render, without a browser or a circuit). The baseline is rendering one preview of the same template in the
/// same run, its check given.
/// </summary>
internal static class PreviewFigures
{
    public static async Task PrintAsync(bool small)
    {
        var runs = small ? 10 : 500;
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        using var culture = CultureScope.Use("zh-CN");

        var state = new TemplateBuilderState(TimeProvider.System);
        state.Load(LargestTemplate());
        var urls = state.Document.Pages.SelectMany(p => p.Contents).Where(c => c.Src is not null)
            .ToDictionary(c => c.Src!, c => $"/files/{Guid.CreateVersion7()}");
        var one = Parameters(state.Document, state.Check, urls, Vendor.Huawei);

        var edits = 0;
        var medians = await MeasureAsync(
            runs,
            services,
            async renderer =>
            {
                state.SetText(5, 1, $"第六张卡片的标题改为第{++edits}版本，长度超过华为的一行");
                return await RenderAsync<VendorPreviewStrip>(renderer, Parameters(state.Document, state.Check, urls, vendor: null));
            },
            _ => Task.FromResult(TemplateCheck.Run(state.Document).Vendors.Count),
            renderer => RenderAsync<VendorPreview>(renderer, one));
        var (afterEdit, checkOnly, baseline) = (medians[0], medians[1], medians[2]);

        System.Console.WriteLine($"template builder, one edit of a 10-card 横滑 template, median of {runs}:");
        System.Console.WriteLine($"  {"edit + check + six previews rendered",-42} {afterEdit.TotalMilliseconds,8:F2} ms");
        System.Console.WriteLine($"  {"of which TemplateCheck.Run alone",-42} {checkOnly.TotalMilliseconds,8:F2} ms");
        System.Console.WriteLine($"  {"baseline one preview rendered",-42} {baseline.TotalMilliseconds,8:F2} ms");
        System.Console.WriteLine($"  {"ratio six after an edit / one preview",-42} {afterEdit / baseline,8:F2}");
        System.Console.WriteLine($"  {"peak working set so far",-42} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024,8} MiB");
    }

    /// <summary>横滑 at its maximum: 10 cards, each a picture, a title, a body with a parameter and a button.</summary>
    private static TemplateDocument LargestTemplate()
    {
        var shop = TemplateAction.To("https://shop.example.com/spring");
        var pages = Enumerable.Range(1, 10).Select(n => new TemplatePage
        {
            PageOrder = n,
            Contents =
            [
                TemplateContent.Image(1, $"material-{n}"),
                TemplateContent.Text(2, $"第{n}款春季新品限时特惠", title: true),
                TemplateContent.Text(3, "${name}您好，您关注的商品已到店，凭本短信到店可享九折优惠，数量有限先到先得"),
                TemplateContent.Button(4, "立即抢购", ActionType.OpenBrowser, shop),
            ],
        });
        return new TemplateDocument
        {
            CardId = "Carousel",
            Name = "春季新品横滑推广",
            Pages = [.. pages],
            Params = [new TemplateParam("name", "张三")],
            SmsExample = "【华为云】尊敬的张三，春季新品已到店。拒收请回复R",
            SmsSignatures = ["华为云"],
            SmsTemplate = "【华为云】尊敬的[文本0-10]，春季新品已到店。拒收请回复R",
        }.WithVendors(RuleBook.AllVendors);
    }

    private static Dictionary<string, object?> Parameters(TemplateDocument document, TemplateCheckResult check, Dictionary<string, string> urls, Vendor? vendor)
    {
        var parameters = new Dictionary<string, object?> { ["Document"] = document, ["Check"] = check, ["MaterialUrls"] = urls };
        if (vendor is { } v)
        {
            parameters["Vendor"] = v;
        }

        return parameters;
    }

    private static Task<int> RenderAsync<TComponent>(HtmlRenderer renderer, Dictionary<string, object?> parameters)
        where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString().Length;
        });

    /// <summary>
    /// The median time of each of <paramref name="figures"/>, run round after round (five rounds to warm up), so that
    /// whatever else the machine does weighs on all of them alike. Each round has its own renderer, which keeps every
    /// component it rendered until it is disposed.
    /// </summary>
    private static async Task<TimeSpan[]> MeasureAsync(int runs, IServiceProvider services, params Func<HtmlRenderer, Task<int>>[] figures)
    {
        var times = figures.Select(_ => new List<TimeSpan>()).ToArray();
        for (var round = -5; round < runs; round++)
        {
            await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
            for (var f = 0; f < figures.Length; f++)
            {
                var watch = Stopwatch.StartNew();
                if (await figures[f](renderer) == 0)
                {
                    throw new InvalidOperationException("Nothing was rendered.");
                }

                if (round >= 0)
                {
                    times[f].Add(watch.Elapsed);
                }
            }
        }

        return [.. times.Select(t => t.Order().ElementAt(t.Count / 2))];
    }
}
