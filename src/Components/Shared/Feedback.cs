using KooMessage.Console.Common;
using MudBlazor;

namespace KooMessage.Console.Components.Shared;

/// <summary>How pages turn a service's answer into what the user sees.</summary>
public static class Feedback
{
    /// <summary>Shows success or the error; true when the action succeeded.</summary>
    public static bool Report(this ISnackbar snackbar, Result result, string success)
    {
        if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Error);
            return false;
        }

        snackbar.Add(success, Severity.Success);
        return true;
    }

    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string yes, string cancel) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: cancel) == true;
}
