namespace KooMessage.Console.Features.Accounts;

/// <summary>A tenant (租户): an enterprise customer of the platform.</summary>
public sealed class Account
{
    public const int NameMaxLength = 64;
    public const string DefaultTimeZone = Common.Security.UserTime.DefaultZone;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public AccountStatus Status { get; set; } = AccountStatus.Active;

    public string TimeZone { get; set; } = DefaultTimeZone;

    public DateTime CreatedAt { get; set; }

    public bool IsDemo { get; set; }
}

public enum AccountStatus
{
    Active = 0,
    Frozen = 1,
}
