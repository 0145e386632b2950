using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Features.Audit;

/// <summary>Adds an audit entry to the caller's context, so it is written in the same transaction as the change.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public void Record(KooMessageDb db, UserContext actor, AuditChange change)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            AccountId = change.AccountId,
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = change.Action,
            ObjectType = change.ObjectType,
            ObjectId = change.ObjectId,
            ObjectName = change.ObjectName,
            Before = change.Before is null ? null : JsonSerializer.Serialize(change.Before, Json),
            After = change.After is null ? null : JsonSerializer.Serialize(change.After, Json),
            At = clock.GetUtcNow().UtcDateTime,
        });
    }
}

/// <summary>One change to record: the object's account (null for platform objects), what was done, to what.</summary>
public sealed record AuditChange(Guid? AccountId, string Action, string ObjectType, string ObjectId, string? ObjectName, object? Before, object? After);

public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Disable = "disable";
    public const string Enable = "enable";
    public const string ResetPassword = "reset_password";
    public const string ChangePassword = "change_password";
    public const string Freeze = "freeze";
    public const string Unfreeze = "unfreeze";
    public const string SignUp = "sign_up";
    public const string Setup = "setup";
    public const string Delete = "delete";
    public const string Submit = "submit";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Urge = "urge";
    public const string Unlock = "unlock";
    public const string Revoke = "revoke";
    public const string Export = "export";
    public const string Import = "import";
    public const string Start = "start";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Cancel = "cancel";
    public const string Resend = "resend";

    public static readonly IReadOnlyList<string> All =
        [Create, Update, Disable, Enable, ResetPassword, ChangePassword, Freeze, Unfreeze, SignUp, Setup, Delete, Submit, Approve, Reject, Urge, Unlock, Revoke, Export, Import, Start, Pause, Resume, Cancel, Resend];
}
