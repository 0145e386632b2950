using KooMessage.Console.Common.Data;

namespace KooMessage.Console.Features.SmsApps;

/// <summary>短消息应用: what signatures and SMS templates hang off. Launched or suspended by platform staff.</summary>
public sealed class SmsApp : ITenantOwned
{
    public const int NameMin = 1;
    public const int NameMax = 30;
    public const int UpLinkMax = 255;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>上行回调地址 (up_link_addr): http or https, at most 255 characters.</summary>
    public string? UpLinkAddress { get; set; }

    public SmsAppStatus Status { get; set; } = SmsAppStatus.Created;

    public string? StatusReason { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>KooMessage's app states: CREATED 待上线, LAUNCHED 正常, SUSPENDED 暂停.</summary>
public enum SmsAppStatus
{
    Created = 0,
    Launched = 1,
    Suspended = 2,
}
