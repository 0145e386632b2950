using KooMessage.Console.Common.Data;
using KooMessage.Console.Features.Signatures;

namespace KooMessage.Console.Features.SmsTemplates;

/// <summary>
/// 短消息模板: the SMS text that carries a card's short link, under an approved signature, reviewed before use
/// (fields as OAS CreateAimMsgTemplate; states as flow_status Reviewing / Adopted / Reject).
/// </summary>
public sealed class SmsTemplate : ITenantOwned
{
    public const int NameMin = 1;
    public const int NameMax = 30;
    public const int ContentMin = 1;
    public const int ContentMax = 500;
    public const int DescMax = 100;
    public const int VariablesMin = 1;
    public const int VariablesMax = 20;
    public const int VariableDescMax = 100;
    public const int ReviewDescMax = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>signature_id: the approved signature the SMS goes out under; its app is the template's app (app_id defaults to it).</summary>
    public Guid SignatureId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>template_content, with its variables written as <c>${index}</c>.</summary>
    public string Content { get; set; } = "";

    /// <summary>template_type: 通知类 NOTIFY_TYPE or 营销类 PROMOTION_TYPE, the same values as a signature's type.</summary>
    public SignatureType Type { get; set; }

    /// <summary>template_desc (申请说明), optional.</summary>
    public string? Description { get; set; }

    public List<SmsTemplateVariable> Variables { get; set; } = [];

    public SmsTemplateStatus Status { get; set; } = SmsTemplateStatus.Reviewing;

    /// <summary>review_desc: the reviewer's reason for a rejection.</summary>
    public string? ReviewDesc { get; set; }

    /// <summary>Raised by every write; a write names the version it was decided on and is refused when another came first.</summary>
    public int Version { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>variable_attributes: one <c>${index}</c> of the content with its type (and a description, required for TEXT).</summary>
public sealed class SmsTemplateVariable
{
    public int Index { get; set; }

    public SmsVariableType Type { get; set; }

    public string? Description { get; set; }
}

/// <summary>variable_type as the reference lists it; stored by name.</summary>
public enum SmsVariableType
{
    /// <summary>电话号码 (1–15 characters when sent).</summary>
    PHONE,

    /// <summary>解析标识: the short-link slot, filled with the card's link when the SMS is sent.</summary>
    NEWTEXT,

    /// <summary>其他号码 (验证码、订单号、密码等).</summary>
    CHARDIGIT,

    DATETIME,

    MONEY,

    /// <summary>其他; needs a description.</summary>
    TEXT,
}

/// <summary>flow_status: Reviewing 审核中 → Adopted 通过 / Reject 拒绝 (editable only then).</summary>
public enum SmsTemplateStatus
{
    Reviewing = 0,
    Adopted = 1,
    Reject = 2,
}
