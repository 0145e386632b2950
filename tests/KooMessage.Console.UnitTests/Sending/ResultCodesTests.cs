using KooMessage.Console.Features.Sending;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.UnitTests.Sending;

/// <summary>The console's own result words in the reader's language; a gateway's and a carrier's words as they came.</summary>
public sealed class ResultCodesTests
{
    private static IServiceProvider Services => PlainServices.Services;

    private static IStringLocalizer<SharedResource> L => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    public static TheoryData<string, string, string> Codes => new()
    {
        { ResultCodes.RetriesExhausted(ResultCodes.NoGateway), "重试次数已用完：未配置短信网关", "Retries exhausted: No SMS gateway configured" },
        { ResultCodes.RetriesExhausted("HTTP 503"), "重试次数已用完：HTTP 503", "Retries exhausted: HTTP 503" },
        { ResultCodes.RetriesExhausted(ResultCodes.ConnectionRefused), "重试次数已用完：网关拒绝连接", "Retries exhausted: The gateway refused the connection" },
        { ResultCodes.InDoubt(ResultCodes.NoAnswer(10)), "状态未知：网关 10 秒内未应答", "In doubt: No answer from the gateway within 10 s" },
        { ResultCodes.InDoubt(ResultCodes.NoAnswer(2.5)), "状态未知：网关 2.5 秒内未应答", "In doubt: No answer from the gateway within 2.5 s" },
        { ResultCodes.InDoubt(ResultCodes.UnexpectedGatewayError), "状态未知：网关发生意外错误", "In doubt: Unexpected gateway error" },
        { ResultCodes.ResentBy("demo-owner"), "由 demo-owner 重新发送", "Resent by demo-owner" },
        { "0: Accepted for delivery", "0: Accepted for delivery", "0: Accepted for delivery" },
        { "DLR 2: stat:UNDELIV", "DLR 2: stat:UNDELIV", "DLR 2: stat:UNDELIV" },
        { "no answer within ten s", "no answer within ten s", "no answer within ten s" },
        { "", "", "" },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Describe_EngineWordsTranslatedGatewayWordsKept(string code, string chinese, string english)
    {
        using (CultureScope.Use("zh-CN"))
        {
            Assert.Equal(chinese, ResultCodes.Describe(code, L));
        }

        using (CultureScope.Use("en-US"))
        {
            Assert.Equal(english, ResultCodes.Describe(code, L));
        }
    }

    [Fact]
    public void Describe_NoCode_Empty() => Assert.Equal("", ResultCodes.Describe(null, L));
}
