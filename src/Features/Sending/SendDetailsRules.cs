using KooMessage.Console.Common.Text;

namespace KooMessage.Console.Features.Sending;

/// <summary>What a user reads of a message (KooMessage's send_status): sending, success or fail.</summary>
public enum SendResult
{
    Sending,
    Success,
    Fail,
}

/// <summary>The quick time windows of 发送任务明细 (最近1小时 / 最近24小时) and a window the user types.</summary>
public enum SendWindow
{
    LastHour,
    LastDay,
    Custom,
}

/// <summary>The send-details rules that need no database: what a state reads as, number masking, the time window.</summary>
public static class SendDetailsRules
{
    /// <summary>KooMessage's console: a send-time window of at most 24 hours.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// On its way (queued, being handed over, taken and waiting for a report) is sending; delivered is success; a
    /// failure, a message in doubt (no answer recorded, never resent automatically: its delivery is not known), a
    /// number that opted out and a message of a cancelled task (neither sent) are fail. A late report still moves an
    /// in-doubt message to success.
    /// </summary>
    public static SendResult ResultOf(SendMessageState state) => state switch
    {
        SendMessageState.Queued or SendMessageState.Submitting or SendMessageState.Submitted => SendResult.Sending,
        SendMessageState.Delivered => SendResult.Success,
        _ => SendResult.Fail,
    };

    /// <summary>The engine's states that read as <paramref name="result"/>.</summary>
    public static SendMessageState[] StatesOf(SendResult result) => [.. Enum.GetValues<SendMessageState>().Where(s => ResultOf(s) == result)];

    /// <summary>A number as every role but FullAccess sees it: 138****1234 (the first three and the last four digits).</summary>
    public static string Mask(string mobile) => mobile.Length switch
    {
        >= 8 => $"{mobile[..3]}****{mobile[^4..]}",
        > 2 => $"{mobile[..1]}{new string('*', mobile.Length - 2)}{mobile[^1..]}",
        _ => new string('*', mobile.Length),
    };

    /// <summary>A number the user typed (full-width digits, spaces, +86 allowed) as the engine stores it, or null.</summary>
    public static string? Mobile(string? typed) => SendingRules.Mobile(TextNormalizer.Normalize(typed));

    /// <summary>The UTC window a quick choice stands for at <paramref name="now"/>; null for <see cref="SendWindow.Custom"/>.</summary>
    public static (DateTime From, DateTime To)? Quick(SendWindow window, DateTime now) => window switch
    {
        SendWindow.LastHour => (now.AddHours(-1), now),
        SendWindow.LastDay => (now - MaxWindow, now),
        _ => null,
    };

    /// <summary>Whether a window is acceptable: both ends or neither, the start before the end, at most <see cref="MaxWindow"/> long.</summary>
    public static WindowProblem? Check(DateTime? from, DateTime? to) => (from, to) switch
    {
        (null, null) => null,
        (null, _) or (_, null) => WindowProblem.Incomplete,
        ({ } f, { } t) when t <= f => WindowProblem.Reversed,
        ({ } f, { } t) when t - f > MaxWindow => WindowProblem.TooLong,
        _ => null,
    };
}

public enum WindowProblem
{
    Incomplete,
    Reversed,
    TooLong,
}
