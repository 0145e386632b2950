using KooMessage.Console.Features.Reports;

namespace KooMessage.Console.UnitTests.Reports;

/// <summary>A funnel step's drop: a fraction of the step before, and none where that step is empty or smaller than the next.</summary>
public sealed class ReportRulesTests
{
    [Theory]
    [InlineData(100, 75, 0.25)]
    [InlineData(100, 100, 0.0)]
    [InlineData(100, 0, 1.0)]
    public void Drop_IsTheShareLostFromTheStepBefore(long before, long after, double expected) =>
        Assert.Equal(expected, ReportRules.Drop(before, after));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 5)]
    [InlineData(10, 13)]
    public void Drop_NoneFromAnEmptyStepOrWhenTheNextCountsMore(long before, long after)
    {
        Assert.Null(ReportRules.Drop(before, after));
        Assert.Equal("-", ReportRules.DropText(ReportRules.Drop(before, after)));
    }
}
