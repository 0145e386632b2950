using Microsoft.AspNetCore.Components;

namespace KooMessage.Console.Components.Shared;

/// <summary>
/// A page of the console, or a part of one that queries by itself (a list, a panel, a dialog): the work it starts stops
/// when the user leaves. Pass <see cref="Leaving"/> to every service call; a call cancelled this way ends the page's
/// task as cancelled, which Blazor ignores, so the user never sees an error for it.
/// </summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource leaving = new();

    protected ConsolePage() => Leaving = leaving.Token;

    /// <summary>Cancelled when the component is disposed: the user left the page or closed the dialog.</summary>
    protected CancellationToken Leaving { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !leaving.IsCancellationRequested)
        {
            leaving.Cancel();
            leaving.Dispose();
        }
    }
}
