using Bunit;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Capability;

public sealed class CapabilityPageTests : ConsoleComponentTest
{
    private TestUser owner = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Services.CreateAdministratorAsync();
        owner = await Services.CreateAccountAsync(admin, "甲公司", "owner-a");
        await Services.GetRequiredService<CapabilityLearning>().RecordAsync(MobileNumbers.Sha1Of("8613800138000"), Vendor.Oppo, CancellationToken.None);
    }

    [Fact]
    public void Check_BadLines_EachNamedUnderTheFieldAndNoAnswer()
    {
        SignIn(owner);
        var cut = Render<MudHost>(p => p.AddChildContent<CapabilityPage>());

        cut.Find("textarea").Input("13800138000\n138a\n12");
        cut.Find("[data-testid=check]").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            ["第 2 行“138a”：号码只能包含数字（可以 + 或 00 开头）。", "第 3 行“12”：号码过短。"],
            cut.FindAll("[data-testid=number-error]").Select(e => e.TextContent.Trim())));
        Assert.Empty(cut.FindAll("[data-testid=answer]"));
    }

    [Fact]
    public void Check_ValidNumbers_SupportedAndUnsupportedWithVendorAndSource()
    {
        SignIn(owner);
        var cut = Render<MudHost>(p => p.AddChildContent<CapabilityPage>());

        cut.Find("textarea").Input("+8613800138000, 13600136000");
        cut.Find("[data-testid=check]").Click();

        cut.WaitForAssertion(() => Assert.Contains("+8613800138000", cut.Find("[data-testid=supported]").TextContent, StringComparison.Ordinal));
        Assert.Contains("OPPO · 访问获知", cut.Find("[data-testid=supported]").TextContent, StringComparison.Ordinal);
        Assert.Contains("13600136000", cut.Find("[data-testid=unsupported]").TextContent, StringComparison.Ordinal);
        Assert.Contains("已按全部厂商查询。", cut.Find("[data-testid=scope]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=number-error]"));
    }
}
