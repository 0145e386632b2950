using FluentValidation;

namespace KooMessage.Console.Common;

public static class Validation
{
    /// <summary>
    /// The FluentValidation → MudForm adapter: MudForm's <c>Validation</c> asks per field. <paramref name="ruleSets"/>,
    /// when given, names the rule sets to run at the moment of asking (a draft's or a submission's).
    /// </summary>
    public static Func<object, string, Task<IEnumerable<string>>> ForMudForm<T>(this IValidator<T> validator, Func<IReadOnlyList<string>>? ruleSets = null) =>
        async (model, propertyName) =>
        {
            if (ruleSets is null)
            {
                var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, o => o.IncludeProperties(propertyName)));
                return result.Errors.Select(e => e.ErrorMessage);
            }

            return await validator.ErrorsAtAsync((T)model, propertyName, ruleSets(), CancellationToken.None);
        };

    /// <summary>
    /// The messages of the named rule sets for one property. FluentValidation runs a rule when any of its selectors
    /// picks it, so a property selector beside rule sets would run the property's rules of every rule set: the whole
    /// model is validated with the rule sets and the property's errors kept.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ErrorsAtAsync<T>(this IValidator<T> validator, T model, string propertyName, IReadOnlyList<string> ruleSets, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions(model, o => o.IncludeRuleSets([.. ruleSets])), ct);
        return [.. result.Errors.Where(e => e.PropertyName == propertyName).Select(e => e.ErrorMessage)];
    }

    /// <summary>
    /// Runs the form's validator on the server (its default rules, or the rule sets named); a failure becomes
    /// KM.80000002 (or the rule's own KM code) with every field message.
    /// </summary>
    public static Task<KmError?> CheckAsync<T>(this IValidator<T> validator, T model, CancellationToken ct) => validator.CheckAsync(model, null, ct);

    /// <inheritdoc cref="CheckAsync{T}(IValidator{T}, T, CancellationToken)"/>
    public static async Task<KmError?> CheckAsync<T>(this IValidator<T> validator, T model, IReadOnlyList<string>? ruleSets, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(
            ValidationContext<T>.CreateWithOptions(model, o =>
            {
                if (ruleSets is not null)
                {
                    o.IncludeRuleSets([.. ruleSets]);
                }
            }), ct);
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
