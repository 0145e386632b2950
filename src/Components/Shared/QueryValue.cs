namespace KooMessage.Console.Components.Shared;

/// <summary>Reads a list filter that the address carries as text (<c>[SupplyParameterFromQuery]</c> has no enums).</summary>
public static class QueryValue
{
    /// <summary>The named member of <typeparamref name="TEnum"/>, or null when the text names none (an old or edited address).</summary>
    public static TEnum? Enum<TEnum>(string? text)
        where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : null;
}
