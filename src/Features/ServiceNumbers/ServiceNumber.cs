using KooMessage.Console.Common.Data;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>
/// 服务号: an enterprise's presence in the handset's SMS app (name, logo, homepage, menu), reviewed before it takes
/// effect; menus and channel-number bindings hang under it (fields as OAS CreatePubInfo / ListPubInfos).
/// </summary>
public sealed class ServiceNumber : ITenantOwned
{
    public const int NameMax = 15;
    public const int RemarkMax = 15;
    public const int AbstractMax = 75;
    public const int ChangeReasonMax = 200;
    public const int ReviewDescMax = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>pub_name (1–15): unique across accounts; within one account a repeat needs another remark.</summary>
    public string Name { get; set; } = "";

    /// <summary>remark (1–15), shown beside the name where two of an account's service numbers share it.</summary>
    public string Remark { get; set; } = "";

    /// <summary>abstract (1–75).</summary>
    public string Abstract { get; set; } = "";

    public ServiceNumberIndustry Industry { get; set; } = ServiceNumberIndustry.Other;

    public ServiceNumberState State { get; set; } = ServiceNumberState.Inactive;

    public ApproveState ApproveState { get; set; } = ApproveState.Reviewing;

    /// <summary>change_reason (1–200) of the change in review, required for every change after the first approval.</summary>
    public string? ChangeReason { get; set; }

    /// <summary>The reviewer's reason for a rejection.</summary>
    public string? ReviewDesc { get; set; }

    /// <summary>Raised by every write; a write names the version it was decided on and is refused when another came first.</summary>
    public int Version { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>state: 1 未生效 / 2 已生效 / 3 已失效 / 4 已冻结 (stored by the reference's numbers).</summary>
public enum ServiceNumberState
{
    Inactive = 1,
    Active = 2,
    Expired = 3,
    Frozen = 4,
}

/// <summary>approve_state of a service number, its homepage, menu or channel number: 1 审核中 / 2 审核通过 / 3 驳回.</summary>
public enum ApproveState
{
    Reviewing = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>industry (从事行业) as OAS ListPubInfos numbers it.</summary>
public enum ServiceNumberIndustry
{
    Finance = 1,
    Social = 2,
    Entertainment = 3,
    Travel = 4,
    Shopping = 5,
    LocalLife = 6,
    Health = 7,
    Education = 8,
    News = 9,
    Carrier = 10,
    Other = 11,
}
