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

    /// <summary>logo: a PUB_LOGO image resource of the account.</summary>
    public Guid? LogoImageId { get; set; }

    /// <summary>authorization_files: OTHER image resources (≤ 6, ≤ 4 MB together).</summary>
    public List<Guid> AuthorizationImageIds { get; set; } = [];

    /// <summary>The account's approved signatures the service number speaks for, each in its region (≤ 5, regions apart).</summary>
    public List<ServiceSignature> Signatures { get; set; } = [];

    /// <summary>
    /// A change submitted after the first approval, waiting for review (or rejected, kept for the next try). The
    /// columns above stay what handsets show until a reviewer approves it; then it replaces them.
    /// </summary>
    public ServiceNumberProfile? PendingProfile { get; set; }

    /// <summary>online_time: when the service number first took effect; a change after it needs a change reason.</summary>
    public DateTime? OnlineAt { get; set; }

    public DateTime? FrozenAt { get; set; }

    /// <summary>When the owner last asked the reviewers to hurry (催审).</summary>
    public DateTime? UrgedAt { get; set; }

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

    /// <summary>Whether it has ever taken effect: from then on every change needs a change reason and is reviewed beside the live one.</summary>
    public bool WasApproved => OnlineAt is not null;

    /// <summary>What handsets show now (before the first approval: what was submitted).</summary>
    public ServiceNumberProfile LiveProfile => new(Name, Remark, Abstract, Industry, LogoImageId ?? Guid.Empty, AuthorizationImageIds, Signatures);

    /// <summary>What the owner last submitted: the change in review or rejected, else the live profile.</summary>
    public ServiceNumberProfile LatestProfile => PendingProfile ?? LiveProfile;

    public void Apply(ServiceNumberProfile profile)
    {
        Name = profile.Name;
        Remark = profile.Remark;
        Abstract = profile.Abstract;
        Industry = profile.Industry;
        LogoImageId = profile.LogoImageId;
        AuthorizationImageIds = [.. profile.AuthorizationImageIds];
        Signatures = [.. profile.Signatures];
    }
}

/// <summary>A signature a service number speaks for, with the region (a <see cref="Regions.RegionScope"/> code) it does so in.</summary>
public sealed record ServiceSignature(Guid SignatureId, string Name, string RegionCode);

/// <summary>The reviewed fields of a service number (OAS CreatePubInfo's pub_request_body).</summary>
public sealed record ServiceNumberProfile(
    string Name, string Remark, string Abstract, ServiceNumberIndustry Industry, Guid LogoImageId,
    IReadOnlyList<Guid> AuthorizationImageIds, IReadOnlyList<ServiceSignature> Signatures);

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
