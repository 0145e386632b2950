using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Components.Shared;

/// <summary>An unhandled error inside a page: logged with an id, shown to the user with that id and no stack trace.</summary>
public sealed class ConsoleErrorBoundary : ErrorBoundary
{
    private string errorId = "";

    [Inject]
    private ILogger<ConsoleErrorBoundary> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        errorId = Guid.NewGuid().ToString("N")[..12];
        Logger.LogError(exception, "Unhandled error in a page, error id {ErrorId}", errorId);
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }

        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "mud-alert mud-alert-text-error km-error-box");
        builder.AddAttribute(3, "role", "alert");
        builder.AddContent(4, L["Error.Body"]);
        builder.AddContent(5, " ");
        builder.AddContent(6, L["Error.RequestId"]);
        builder.OpenElement(7, "code");
        builder.AddContent(8, errorId);
        builder.CloseElement();
        builder.CloseElement();
    }
}
