using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// A message's result code: the console's own words, written here once, and how a user reads any code. The console's
/// words (a retry given up, a submission in doubt, a resend, no gateway, a refused connection, no answer, an unexpected
/// fault) are shown in the user's language; a gateway's or carrier's words (Kannel's <c>0: Accepted for delivery</c>, a
/// report's <c>DLR 2: stat:UNDELIV</c>, an HTTP status) as they came. The stored code keeps the English words, which
/// the logs and the exports' raw readers share.
/// </summary>
public static partial class ResultCodes
{
    public const string RetriesExhaustedPrefix = "retries exhausted: ";
    public const string InDoubtPrefix = "in doubt: ";
    public const string ResentByPrefix = "resent by ";
    public const string NoGateway = "no gateway configured";
    public const string ConnectionRefused = "connection refused";

    /// <summary>The in-doubt reason of a message whose submission the gateway failed in a way it does not classify.</summary>
    public const string UnexpectedGatewayError = "unexpected gateway error";

    public static string RetriesExhausted(string reason) => SendMessage.CutResult(RetriesExhaustedPrefix + reason);

    public static string InDoubt(string reason) => SendMessage.CutResult(InDoubtPrefix + reason);

    public static string ResentBy(string userName) => SendMessage.CutResult(ResentByPrefix + userName);

    public static string NoAnswer(double seconds) => string.Create(CultureInfo.InvariantCulture, $"no answer within {seconds:0.#} s");

    /// <summary><paramref name="code"/> as <paramref name="l"/>'s user reads it (empty for none).</summary>
    public static string Describe(string? code, IStringLocalizer l)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "";
        }

        if (code.StartsWith(RetriesExhaustedPrefix, StringComparison.Ordinal))
        {
            return l["ResultCode.RetriesExhausted", Describe(code[RetriesExhaustedPrefix.Length..], l)];
        }

        if (code.StartsWith(InDoubtPrefix, StringComparison.Ordinal))
        {
            return l["ResultCode.InDoubt", Describe(code[InDoubtPrefix.Length..], l)];
        }

        if (code.StartsWith(ResentByPrefix, StringComparison.Ordinal))
        {
            return l["ResultCode.ResentBy", code[ResentByPrefix.Length..]];
        }

        if (NoAnswerPattern().Match(code) is { Success: true } noAnswer)
        {
            return l["ResultCode.NoAnswer", noAnswer.Groups[1].Value];
        }

        return code switch
        {
            NoGateway => l["ResultCode.NoGateway"],
            ConnectionRefused => l["ResultCode.ConnectionRefused"],
            UnexpectedGatewayError => l["ResultCode.Unexpected"],
            _ => code,
        };
    }

    [GeneratedRegex(@"^no answer within ([0-9]+(?:\.[0-9])?) s$")]
    private static partial Regex NoAnswerPattern();
}
