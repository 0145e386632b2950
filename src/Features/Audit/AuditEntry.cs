using KooMessage.Console.Common.Data;

namespace KooMessage.Console.Features.Audit;

/// <summary>操作日志: one state change, who made it, to what, with the values before and after (JSON).</summary>
public sealed class AuditEntry : ITenantOwned
{
    public long Id { get; set; }

    /// <summary>The account the object belongs to; null for the platform's own objects.</summary>
    public Guid? AccountId { get; set; }

    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    public string Action { get; set; } = "";

    public string ObjectType { get; set; } = "";

    public string ObjectId { get; set; } = "";

    public string? ObjectName { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public DateTime At { get; set; }
}
