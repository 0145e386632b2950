using FluentValidation;

namespace KooMessage.Console.Common;

public static class Validation
{
    /// <summary>The FluentValidation → MudForm adapter: MudForm's <c>Validation</c> asks per field.</summary>
    public static Func<object, string, Task<IEnumerable<string>>> ForMudForm<T>(this IValidator<T> validator) =>
        async (model, propertyName) =>
        {
            var result = await validator.ValidateAsync(
                ValidationContext<T>.CreateWithOptions((T)model, o => o.IncludeProperties(propertyName)));
            return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
        };

    /// <summary>Runs the form's validator on the server; a failure becomes KM.80000002 (or the rule's own KM code) with every field message.</summary>
    public static async Task<KmError?> CheckAsync<T>(this IValidator<T> validator, T model, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(model, ct);
        if (result.IsValid)
        {
            return null;
        }

        // A rule that carries one of KooMessage's own codes (WithErrorCode("KM.…")) answers with it, as KooMessage would.
        var code = result.Errors.Select(e => e.ErrorCode).FirstOrDefault(c => c.StartsWith("KM.", StringComparison.Ordinal)) ?? ErrorCodes.InvalidParameter;
        return new KmError(code, string.Join(" ", result.Errors.Select(e => e.ErrorMessage).Distinct()))
        {
            Fields = result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)).ToList(),
        };
    }
}
