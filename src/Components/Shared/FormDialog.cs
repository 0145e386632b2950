using KooMessage.Console.Common;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KooMessage.Console.Components.Shared;

/// <summary>
/// What every form dialog does: validate the form, call the service once, show its error in the dialog (nothing the
/// user typed is lost), or close with the result. Dialogs inherit it and bind <see cref="Form"/>, <see cref="Error"/>
/// and <see cref="Saving"/>; their service calls take <see cref="ConsolePage.Leaving"/>, cancelled when the dialog closes.
/// </summary>
public abstract class FormDialog : ConsolePage
{
    [CascadingParameter]
    protected IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ILogger<FormDialog> Logger { get; set; } = default!;

    [Inject]
    private IStringLocalizer<SharedResource> Texts { get; set; } = default!;

    /// <summary>The dialog's form, when it has one; it is validated before the service is called.</summary>
    protected MudForm? Form { get; set; }

    protected string? Error { get; set; }

    protected bool Saving { get; private set; }

    protected void Cancel() => Dialog.Cancel();

    protected async Task SubmitAsync<T>(Func<Task<Result<T>>> save, Func<T, object?>? closeWith = null)
    {
        if (Form is not null)
        {
            await Form.ValidateAsync();
            if (!Form.IsValid)
            {
                return;
            }
        }

        Saving = true;
        try
        {
            var result = await save();
            if (result.Error is { } failed)
            {
                Error = failed.Message;
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

    protected Task SubmitAsync(Func<Task<Result>> save, object closeWith) =>
        SubmitAsync(async () =>
        {
            var result = await save();
            return result.Error is { } failed ? Result<object>.Fail(failed) : Result<object>.Ok(closeWith);
        });
}
