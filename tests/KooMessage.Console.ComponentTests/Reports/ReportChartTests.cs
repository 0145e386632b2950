using Bunit;
using KooMessage.Console.Features.Reports;

namespace KooMessage.Console.ComponentTests.Reports;

/// <summary>The chart's day labels stand side by side while they fit (a week) and are turned when more would overlap.</summary>
public sealed class ReportChartTests : ConsoleComponentTest
{
    private IRenderedComponent<ReportChart> RenderDays(int days)
    {
        var labels = Enumerable.Range(0, days).Select(d => ReportRules.Text(new DateOnly(2026, 11, 1).AddDays(d))).ToList();
        return Render<ReportChart>(p => p
            .Add(c => c.Labels, labels)
            .Add(c => c.Series, [new ReportSeries("Reports.Resolves", [.. Enumerable.Range(1, days).Select(n => (long)n)])]));
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(14, true)]
    public void DayLabels_TurnedOnlyWhenTheyWouldOverlap(int days, bool turned)
    {
        var chart = RenderDays(days);

        // MudBlazor turns each x-axis label by the option's angle (rotate(0 x y) when side by side).
        Assert.Equal(!turned, chart.Markup.Contains("rotate(0 ", StringComparison.Ordinal));
        Assert.Equal(turned, chart.Markup.Contains("rotate(-45 ", StringComparison.Ordinal));
    }
}
