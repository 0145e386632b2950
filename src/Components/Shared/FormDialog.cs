using KooMessage.Console.Common;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;

namespace KooMessage.Console.Components.Shared;

/// <summary>
/// What every form dialog does: validate the form, call the service once, show its error in the dialog (nothing the
/// user typed is lost), or close with the result. Dialogs inherit it and bind <see cref="Form"/>, <see cref="Error"/>
/// and <see cref="Saving"/>; their service calls take <see cref="ConsolePage.Leaving"/>, cancelled when the dialog closes.
/// A server error that names a field (<see cref="KmError.Fields"/>) shows at that field when the dialog lists the field
/// in <see cref="FieldKeys"/> and binds <see cref="FieldError"/>; the banner keeps only the rest. After a failed submit
/// the first field error (or the banner) is scrolled into view.
/// A dialog in which the user entered anything (typed, picked an option, chose a file) asks before it loses that input:
/// 取消 and Escape ask to discard it, and so does leaving the page (a link, back); reloading or closing the tab gets the
/// browser's warning (<c>wwwroot/km.js</c>). MudForm's IsTouched cannot tell this: a field only focused and left sets it.
/// </summary>
public abstract class FormDialog : ConsolePage
{
    [CascadingParameter]
    protected IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ILogger<FormDialog> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Texts { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private readonly Dictionary<string, string> fieldErrors = new(StringComparer.Ordinal);
    private bool scrollToError;
    private bool confirming;
    private IDisposable? navigationGuard;
    private DotNetObjectReference<FormDialog>? self;
    private Task? guarded;

    /// <summary>The dialog's form, when it has one; it is validated before the service is called.</summary>
    protected MudForm? Form { get; set; }

    protected string? Error { get; set; }

    protected bool Saving { get; private set; }

    /// <summary>The form properties this dialog shows errors at; a field error for any other goes to the banner.</summary>
    protected virtual IReadOnlyCollection<string> FieldKeys => [];

    /// <summary>The server's error(s) for <paramref name="field"/>, or null: bind it to the field's ErrorText.</summary>
    protected string? FieldError(string field) => fieldErrors.GetValueOrDefault(field);

    protected bool HasFieldError(string field) => fieldErrors.ContainsKey(field);

    /// <summary>Forgets the server's error for <paramref name="field"/>: call it when the field changes.</summary>
    protected void ClearFieldError(string field) => fieldErrors.Remove(field);

    /// <summary>Closes the dialog (取消, Escape), after asking when that would discard what the user entered.</summary>
    protected async Task CancelAsync()
    {
        if (await MayDiscardAsync(await EnteredAsync()))
        {
            Dialog.Cancel();
        }
    }

    /// <summary>Escape in the dialog, from <c>wwwroot/km.js</c>, which has seen whether the user entered anything in it.</summary>
    [JSInvokable]
    public Task EscapeAsync(bool entered) => InvokeAsync(async () =>
    {
        if (await MayDiscardAsync(entered))
        {
            Dialog.Cancel();
        }
    });

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            await GuardAsync(firstRender);
            if (scrollToError)
            {
                scrollToError = false;
                await Js.InvokeVoidAsync("kmScrollToFirstError", Leaving);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away: nobody is looking at the dialog any more.
        }
    }

    /// <summary>
    /// Registers the dialog with the browser before anything else: the call leaves ahead of the dialog's first render
    /// (JS calls and render batches reach the page in order), so what the user types or presses from the first paint is
    /// watched. Registered after the first render instead, six quick keys and an Escape on a busy machine came first and
    /// the dialog closed without asking. Here, not in OnInitialized, which the dialogs override.
    /// </summary>
    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (guarded is null && parameters.TryGetValue<IMudDialogInstance>(nameof(Dialog), out var dialog))
        {
            self = DotNetObjectReference.Create(this);
            guarded = Js.InvokeVoidAsync("kmFormDialog.guard", Leaving, dialog.ElementId, self).AsTask();
        }

        return base.SetParametersAsync(parameters);
    }

    // The browser watches what the user enters (typing, a pick, a file), also before a field hands its value over.
    private async Task GuardAsync(bool firstRender)
    {
        if (firstRender)
        {
            if (guarded is not null)
            {
                await guarded;
            }

            navigationGuard = Navigation.RegisterLocationChangingHandler(OnLocationChangingAsync);
        }
    }

    private async ValueTask OnLocationChangingAsync(LocationChangingContext context)
    {
        // The list behind the dialog keeps its filters in the query: only leaving the page loses the dialog.
        var target = Navigation.ToAbsoluteUri(context.TargetLocation).GetLeftPart(UriPartial.Path);
        if (target == new Uri(Navigation.Uri).GetLeftPart(UriPartial.Path))
        {
            return;
        }

        if (!await MayDiscardAsync(await EnteredAsync()))
        {
            context.PreventNavigation();
        }
    }

    private async Task<bool> MayDiscardAsync(bool entered)
    {
        if (confirming)
        {
            return false;
        }

        if (!entered)
        {
            return true;
        }

        confirming = true;
        try
        {
            return await Dialogs.ConfirmAsync(Texts["Dialog.DiscardTitle"], Texts["Dialog.DiscardBody"], Texts["Dialog.Discard"], Texts["Dialog.KeepEditing"]);
        }
        finally
        {
            confirming = false;
        }
    }

    private async Task<bool> EnteredAsync()
    {
        try
        {
            return await Js.InvokeAsync<bool>("kmFormDialog.isDirty", Leaving, Dialog.ElementId);
        }
        catch (JSDisconnectedException)
        {
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            navigationGuard?.Dispose();
            self?.Dispose();
        }

        base.Dispose(disposing);
    }

    protected async Task SubmitAsync<T>(Func<Task<Result<T>>> save, Func<T, object?>? closeWith = null)
    {
        Error = null;
        fieldErrors.Clear();
        var clientValid = await ValidateAsync();
        if (Form is not null)
        {
            await Form.ValidateAsync();
            clientValid &= Form.IsValid;
        }

        if (!clientValid)
        {
            scrollToError = true;
            return;
        }

        Saving = true;
        try
        {
            var result = await save();
            if (result.Error is { } failed)
            {
                ShowError(failed);
                return;
            }

            Dialog.Close(DialogResult.Ok(closeWith is null ? result.Value : closeWith(result.Value)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not cost the user the circuit or what they typed: the dialog stays open and names the error id.
            var errorId = Guid.NewGuid().ToString("N")[..12];
            Logger.LogError(e, "Unhandled error while saving a dialog, error id {ErrorId}", errorId);
            Error = $"{Texts["Error.Body"]} {Texts["Error.RequestId"]} {errorId}";
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>Checks what the form cannot (a required upload); return false after <see cref="SetFieldError"/>.</summary>
    protected virtual Task<bool> ValidateAsync() => Task.FromResult(true);

    protected void SetFieldError(string field, string message) =>
        fieldErrors[field] = fieldErrors.TryGetValue(field, out var earlier) ? $"{earlier} {message}" : message;

    private void ShowError(KmError failed)
    {
        var shown = failed.Fields.Where(f => FieldKeys.Contains(f.Field)).ToList();
        foreach (var field in shown)
        {
            SetFieldError(field.Field, field.Message);
        }

        var rest = failed.Fields.Except(shown).Select(f => f.Message).Distinct().ToList();
        Error = shown.Count == 0 ? failed.Message : rest.Count > 0 ? string.Join(" ", rest) : null;
        scrollToError = true;
    }

    protected Task SubmitAsync(Func<Task<Result>> save, object closeWith) =>
        SubmitAsync(async () =>
        {
            var result = await save();
            return result.Error is { } failed ? Result<object>.Fail(failed) : Result<object>.Ok(closeWith);
        });
}
