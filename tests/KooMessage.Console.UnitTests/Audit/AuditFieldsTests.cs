using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.UnitTests.Audit;

/// <summary>Before and after read as labelled fields in the reader's language.</summary>
public sealed class AuditFieldsTests : IAsyncLifetime
{
    private TestConsole app = default!;

    public async Task InitializeAsync() => app = await TestConsole.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public void Rows_KnownUnknownAndBooleanFields_LabelledInChinese()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var rows = AuditFields.Rows("""{"Status":"Launched","UpLinkAddress":"https://a.example/up","IsDisabled":true,"Odd":{"x":1}}""", l);

        Assert.Equal(
            [("状态", "Launched"), ("上行回调地址", "https://a.example/up"), ("已停用", "是"), ("Odd", """{"x":1}""")],
            rows.Select(r => (r.Label, r.Value)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Rows_Nothing_NoRows(string? json)
    {
        var l = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        Assert.Empty(AuditFields.Rows(json, l));
    }
}
