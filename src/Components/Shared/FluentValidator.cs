using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace KooMessage.Console.Components.Shared;

/// <summary>Runs a FluentValidation validator for an <see cref="EditForm"/> (the static Identity pages' forms).</summary>
public sealed class FluentValidator<T> : ComponentBase, IDisposable
{
    private ValidationMessageStore? messages;

    [CascadingParameter]
    private EditContext EditContext { get; set; } = default!;

    [Parameter, EditorRequired]
    public IValidator<T> Validator { get; set; } = default!;

    protected override void OnInitialized()
    {
        messages = new ValidationMessageStore(EditContext);
        EditContext.OnValidationRequested += Validate;
    }

    public void Dispose() => EditContext.OnValidationRequested -= Validate;

    private void Validate(object? sender, ValidationRequestedEventArgs e)
    {
        messages!.Clear();
        var result = Validator.Validate((T)EditContext.Model);
        foreach (var error in result.Errors)
        {
            messages.Add(EditContext.Field(error.PropertyName), error.ErrorMessage);
        }

        EditContext.NotifyValidationStateChanged();
    }
}
