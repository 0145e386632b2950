using Bunit;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.ComponentTests.Sending;

public sealed class SendDetailsPageTests : ConsoleComponentTest
{
    // Chromium puts seconds in a datetime-local value; a custom window written so was read as no window at all.
    [Theory]
    [InlineData("2026-11-30T08:30", "2026-11-30T20:30")]
    [InlineData("2026-11-30T08:30:00", "2026-11-30T20:30:00")]
    public async Task CustomWindow_EndsWithOrWithoutSeconds_ListsTheWindow(string from, string to)
    {
        var owner = await Services.CreateAccountAsync(await Services.CreateAdministratorAsync(), "甲公司", "owner-a");
        SignIn(owner);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"{SendingModule.SendDetailsRoute}?window=Custom&from={from}&to={to}");

        var cut = Render<MudHost>(p => p.AddChildContent<SendDetailsPage>());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=list-empty]")));
        Assert.DoesNotContain("请同时选择发送时间的开始和结束", cut.Markup, StringComparison.Ordinal);
    }
}
