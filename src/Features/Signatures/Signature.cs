using KooMessage.Console.Common.Data;

namespace KooMessage.Console.Features.Signatures;

/// <summary>短消息签名: the 【name】 an SMS is sent under, reviewed before use (fields as OAS AddAimMsgSignature).</summary>
public sealed class Signature : ITenantOwned
{
    public const int NameMin = 2;
    public const int NameMax = 16;
    public const int SourceTitleMax = 180;
    public const int ApplyDescMax = 80;
    public const int ReviewDescMax = 500;
    public const int ChannelNumberMax = 21;
    public const int MaxLicenseImages = 5;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid AppId { get; set; }

    public string Name { get; set; } = "";

    public SignatureType Type { get; set; }

    public SignatureSource Source { get; set; }

    public string? SourceTitleContent { get; set; }

    public bool IsInvolvedThird { get; set; }

    public string? ApplyDesc { get; set; }

    public SignatureStatus Status { get; set; } = SignatureStatus.PendingReview;

    /// <summary>审核意见 (review_desc): the reviewer's reason.</summary>
    public string? ReviewDesc { get; set; }

    /// <summary>国内短信通道号: set by platform staff when processing completes.</summary>
    public string? ChannelNumber { get; set; }

    public DateTime? UrgedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<SignatureFile> Files { get; set; } = [];
}

public sealed class SignatureFile : ITenantOwned
{
    public long Id { get; set; }

    public Guid AccountId { get; set; }

    public Guid SignatureId { get; set; }

    public SignatureFilePurpose Purpose { get; set; }

    public Guid FileId { get; set; }
}

public enum SignatureFilePurpose
{
    License = 0,
    PowerOfAttorney = 1,
}

/// <summary>signature_type: 通知类 NOTIFY_TYPE, 营销类 PROMOTION_TYPE.</summary>
/// <summary>签名来源, numbered as KooMessage's API numbers it (signature_source 0–5); stored by number.</summary>
public enum SignatureSource
{
    /// <summary>企事业单位全称或简称.</summary>
    Enterprise = 0,

    /// <summary>工信部备案网站.</summary>
    IcpWebsite = 1,

    App = 2,

    /// <summary>公众号或小程序.</summary>
    OfficialAccount = 3,

    /// <summary>电商平台店铺.</summary>
    OnlineShop = 4,

    /// <summary>商标.</summary>
    Trademark = 5,
}

public enum SignatureType
{
    Notify = 0,
    Promotion = 1,
}

/// <summary>KooMessage's signature states (OAS ListAimMsgSignature), each with its wire name.</summary>
public enum SignatureStatus
{
    PendingReview = 0,
    Processing = 1,
    ReviewPassed = 2,
    ReviewNotPass = 3,
    ToBeActivated = 4,
    PendingActivate = 5,
}
