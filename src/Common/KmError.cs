namespace KooMessage.Console.Common;

/// <summary>An expected failure: a KooMessage-style error code and a message already in the user's language.</summary>
public sealed record KmError(string Code, string Message)
{
    public IReadOnlyList<FieldError> Fields { get; init; } = [];

    /// <summary>This error, belonging to the form property <paramref name="field"/>.</summary>
    public KmError OnField(string field) => this with { Fields = [new FieldError(field, Message)] };
}

public sealed record FieldError(string Field, string Message);

/// <summary>
/// Error codes. Where KooMessage defines a code for the situation it is kept (KM.*); the console's own codes
/// start with KMC and follow the same shape.
/// </summary>
public static class ErrorCodes
{
    /// <summary>KooMessage: 参数无效.</summary>
    public const string InvalidParameter = "KM.80000002";

    /// <summary>KooMessage: 未经授权的操作.</summary>
    public const string Unauthorized = "KM.80020000";

    public const string NotFound = "KMC.00000404";
    public const string Conflict = "KMC.00000409";
    public const string AccountFrozen = "KMC.00000423";
    public const string SignUpClosed = "KMC.00000410";

    /// <summary>Something must come first (e.g. an approved enterprise filing before a signature).</summary>
    public const string PreconditionFailed = "KMC.00000412";
}
