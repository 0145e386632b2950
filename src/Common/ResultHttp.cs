namespace KooMessage.Console.Common;

/// <summary>How a <see cref="KmError"/> travels over HTTP: KooMessage's body <c>{"error_code","error_msg"}</c>.</summary>
public static class ResultHttp
{
    public static int StatusCodeOf(KmError error) => error.Code switch
    {
        ErrorCodes.Unauthorized => StatusCodes.Status403Forbidden,
        ErrorCodes.AccountFrozen => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult ToHttpResult(this KmError error) =>
        TypedResults.Json(new ErrorBody(error.Code, error.Message), statusCode: StatusCodeOf(error));

    public sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("error_code")] string ErrorCode,
        [property: System.Text.Json.Serialization.JsonPropertyName("error_msg")] string ErrorMsg);
}
