using KooMessage.Console.Common.Data;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>企业备案: an enterprise an account files (agencies file for several brands), reviewed on its own.</summary>
public sealed class Enterprise : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public CertificateType CertificateType { get; set; }

    public string Name { get; set; } = "";

    /// <summary>统一社会信用代码 (18) or, for 非盈利企业, 组织机构代码 (9); empty in a draft that has none yet.</summary>
    public string CreditCode { get; set; } = "";

    public string ContactName { get; set; } = "";

    public string ContactPhone { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    /// <summary>Null in a draft that has not chosen it yet; a submitted filing always has it.</summary>
    public EnterpriseType? EnterpriseType { get; set; }

    /// <summary>Null in a draft that has not chosen it yet; a submitted filing always has it.</summary>
    public Industry? Industry { get; set; }

    public Guid? LicenseFileId { get; set; }

    /// <summary>The scenarios filed for, as flags: 智能信息, 服务号, 基础版.</summary>
    public FilingScenarios Scenarios { get; set; }

    public FilingStatus Status { get; set; } = FilingStatus.Draft;

    public string? ReviewReason { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<EnterpriseMaterial> Materials { get; set; } = [];

    /// <summary>Only a draft or a rejected filing may be changed.</summary>
    public static bool IsEditable(FilingStatus status) => status is FilingStatus.Draft or FilingStatus.Rejected;
}

/// <summary>One uploaded 备案资料 of a filing, by kind; a kind several scenarios need is uploaded once.</summary>
public sealed class EnterpriseMaterial : ITenantOwned
{
    public long Id { get; set; }

    public Guid AccountId { get; set; }

    public Guid EnterpriseId { get; set; }

    public MaterialKind Kind { get; set; }

    public Guid FileId { get; set; }

    /// <summary>Set when a filing with this material is approved: it need not be uploaded again.</summary>
    public bool Approved { get; set; }
}

public enum CertificateType
{
    ThreeInOne = 0,
    FiveInOne = 1,
    NonProfit = 2,
}

/// <summary>企业类型 (text under EnterpriseType.{name}); the reference gives one example (民办非企业单位), not a list. Stored by name.</summary>
public enum EnterpriseType
{
    LimitedLiability = 0,
    JointStock = 1,
    SoleProprietorship = 2,
    Partnership = 3,
    StateOwned = 4,
    ForeignInvested = 5,
    IndividualBusiness = 6,
    PublicInstitution = 7,
    SocialOrganization = 8,
    PrivateNonEnterprise = 9,
    Other = 10,
}

/// <summary>行业分类 (text under Industry.{name}); the reference gives one example (社交通讯), not a list. Stored by name.</summary>
public enum Industry
{
    Social = 0,
    Ecommerce = 1,
    Finance = 2,
    Insurance = 3,
    Government = 4,
    Transport = 5,
    Logistics = 6,
    Health = 7,
    Education = 8,
    Games = 9,
    LocalServices = 10,
    Media = 11,
    Travel = 12,
    Automotive = 13,
    RealEstate = 14,
    Other = 15,
}

/// <summary>The reference names no states for filings; these are the issue's: 草稿 → 审核中 → 审核通过 / 审核不通过.</summary>
public enum FilingStatus
{
    Draft = 0,
    Reviewing = 1,
    Approved = 2,
    Rejected = 3,
}

[Flags]
public enum FilingScenarios
{
    None = 0,
    Aim = 1,
    ServiceNumber = 2,
    Basic = 4,
}

public enum MaterialKind
{
    AimMaterialCommitment = 0,
    SignatureAuthorization = 1,
    CompanyRelationAuthorization = 2,
    SpecialMaterials = 3,
    HuaweiAuthorization = 4,
    PortCustomerRegistration = 5,
    VideoSmsCommitment = 6,
}
