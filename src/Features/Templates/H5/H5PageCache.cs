using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Caching.Memory;

namespace KooMessage.Console.Features.Templates.H5;

/// <summary>
/// H5 pages rendered once and kept as UTF-8 bytes, by version token, parameter values and language: a short link
/// opened by thousands of phones renders its page once a minute, not once a visit. Bounded by bytes
/// (<see cref="SizeLimitBytes"/>); an entry lives at most <see cref="Lifetime"/>, and all go when a template changes.
/// </summary>
public sealed class H5PageCache : IDisposable
{
    public const long SizeLimitBytes = 64L * 1024 * 1024;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });
    private readonly IServiceProvider services;
    private readonly ILoggerFactory loggers;
    private readonly TemplateChanges templates;

    public H5PageCache(IServiceProvider services, ILoggerFactory loggers, TemplateChanges templates)
    {
        this.services = services;
        this.loggers = loggers;
        this.templates = templates;
        templates.Changed += OnTemplateChanged;
    }

    /// <summary>The page's bytes in the current UI culture, rendered from what <paramref name="find"/> gives; null when it gives nothing.</summary>
    public async Task<byte[]?> GetAsync(string token, IReadOnlyDictionary<string, string>? values, Func<Task<H5View?>> find)
    {
        var key = Key(token, values);
        if (cache.TryGetValue(key, out byte[]? page))
        {
            return page;
        }

        if (await find() is not { } view)
        {
            return null;
        }

        page = Encoding.UTF8.GetBytes(await RenderAsync(view));
        using var entry = cache.CreateEntry(key);
        entry.Value = page;
        entry.Size = page.Length;
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        return page;
    }

    public void Dispose()
    {
        templates.Changed -= OnTemplateChanged;
        cache.Dispose();
    }

    /// <summary>A deleted template's pages go at once (pages are few and cheap to render again).</summary>
    private void OnTemplateChanged(string tplId) => cache.Clear();

    private async Task<string> RenderAsync(H5View view)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<H5Page>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(H5Page.View)] = view }));
            return output.ToHtmlString();
        });
    }

    /// <summary>Language, token and the values in a fixed order, each text after its length (no value can pass for another).</summary>
    private static string Key(string token, IReadOnlyDictionary<string, string>? values)
    {
        var key = new StringBuilder(CultureInfo.CurrentUICulture.Name).Append(' ').Append(token);
        foreach (var (name, value) in (values ?? new Dictionary<string, string>()).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            key.Append(CultureInfo.InvariantCulture, $" {name.Length}:{name}{value.Length}:{value}");
        }

        return key.ToString();
    }
}
