namespace KooMessage.Console.Common;

public class Result
{
    protected Result(KmError? error) => Error = error;

    public KmError? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Ok() => new(null);

    public static Result Fail(KmError error) => new(error);

    public static implicit operator Result(KmError error) => Fail(error);
}

public sealed class Result<T> : Result
{
    private readonly T? value;

    private Result(T? value, KmError? error) : base(error) => this.value = value;

    public T Value => IsSuccess ? value! : throw new InvalidOperationException($"No value: {Error!.Code} {Error.Message}");

    public static Result<T> Ok(T value) => new(value, null);

    public static new Result<T> Fail(KmError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(KmError error) => Fail(error);
}
