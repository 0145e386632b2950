using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace KooMessage.Console.E2ETests;

/// <summary>
/// axe-core run in the page itself, keeping only its violations. The package's <c>RunAxe</c> finishes every run in a
/// second page it opens (for cross-origin frames, which the console has none of) and carries every passed rule's nodes
/// back: about 2.5 s a page here, against 0.2 s for the same violations this way.
/// </summary>
public static class Axe
{
    private static readonly string Source = new BundledAxeScriptProvider().GetScript();

    /// <summary>Each serious or critical violation on the page, with where it was found and its first two nodes.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string where)
    {
        await page.EvaluateAsync("() => " + Source);
        var violations = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations");
        return violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{where}: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}) {v.GetProperty("help").GetString()} — "
                + string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Take(2).Select(Node)))
            .ToList();
    }

    private static string Node(JsonElement node) =>
        $"{node.GetProperty("target")} {node.GetProperty("html").GetString()} "
        + string.Join(";", node.GetProperty("any").EnumerateArray().Select(c => c.GetProperty("message").GetString()));
}
