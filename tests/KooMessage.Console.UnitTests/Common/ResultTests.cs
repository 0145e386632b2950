using System.Text.Json;
using KooMessage.Console.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KooMessage.Console.UnitTests.Common;

public sealed class ResultTests
{
    [Theory]
    [InlineData(ErrorCodes.Unauthorized, 403)]
    [InlineData(ErrorCodes.AccountFrozen, 403)]
    [InlineData(ErrorCodes.NotFound, 404)]
    [InlineData(ErrorCodes.Conflict, 409)]
    [InlineData(ErrorCodes.InvalidParameter, 400)]
    [InlineData("KM.00001485", 400)]
    public void StatusCodeOf_Code_MapsToHttpStatus(string code, int status)
    {
        Assert.Equal(status, ResultHttp.StatusCodeOf(new KmError(code, "m")));
    }

    [Fact]
    public async Task ToHttpResult_Error_WritesKooMessageBody()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await new KmError("KM.00001486", "签名已存在").ToHttpResult().ExecuteAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("KM.00001486", json.RootElement.GetProperty("error_code").GetString());
        Assert.Equal("签名已存在", json.RootElement.GetProperty("error_msg").GetString());
    }

    [Fact]
    public void Value_FailedResult_Throws()
    {
        Result<int> result = new KmError(ErrorCodes.NotFound, "gone");

        Assert.False(result.IsSuccess);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void Value_SucceededResult_ReturnsValue()
    {
        Result<int> result = 42;

        Assert.True(result.IsSuccess);
        Assert.Null(result.Error);
        Assert.Equal(42, result.Value);
    }

    [Fact]
    public void Fail_NonGeneric_CarriesError()
    {
        Result result = new KmError(ErrorCodes.Conflict, "dup");

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.Conflict, result.Error!.Code);
    }
}
