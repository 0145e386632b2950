using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Sending;

/// <summary>
/// A reply (MO) from a number: R, TD, T or 退订 puts the number on the opt-out list of the account whose message it
/// answered (the latest one submitted to it), with the time and that message. Other replies are not kept.
/// </summary>
public sealed partial class ReplyHandler(TenantDb dbs, TimeProvider clock, ILogger<ReplyHandler> logger)
{
    /// <summary>Whether the reply opted its number out (also when it already was).</summary>
    public async Task<bool> HandleAsync(string from, string text, CancellationToken ct)
    {
        if (SendingRules.OptOutKeyword(text) is not { } keyword || SendingRules.Mobile(from) is not { } mobile)
        {
            return false;
        }

        // The reply names only its number: which account it answers is found across accounts, then written in that account.
        Guid accountId;
        Guid messageId;
        await using (var system = await dbs.ForSystemAsync("a reply names only its number: find the message it answered", ct))
        {
            var answered = await system.SendMessages.AsNoTracking()
                .Where(m => m.Mobile == mobile && m.SubmittedAt != null)
                .OrderByDescending(m => m.SubmittedAt)
                .Select(m => new { m.Id, m.AccountId })
                .FirstOrDefaultAsync(ct);
            if (answered is null)
            {
                LogUnanswered(keyword);
                return false;
            }

            (accountId, messageId) = (answered.AccountId, answered.Id);
        }

        await using var db = await dbs.ForAccountAsync(accountId, "opt a number out after its reply", ct);
        if (await db.OptOuts.AnyAsync(o => o.Mobile == mobile, ct))
        {
            return true;
        }

        db.OptOuts.Add(new OptOut { AccountId = accountId, Mobile = mobile, CreatedAt = clock.GetUtcNow().UtcDateTime, MessageId = messageId, Keyword = keyword });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same reply twice at once: the number is on the list either way.
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An opt-out reply ({Keyword}) from a number the console sent nothing to")]
    private partial void LogUnanswered(string keyword);
}
