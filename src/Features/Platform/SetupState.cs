namespace KooMessage.Console.Features.Platform;

/// <summary>
/// The durable fact that setup is done: one row, written in the same transaction as the first platform administrator.
/// Never re-derived from who holds a role, so no later change to the staff can reopen /setup.
/// </summary>
public sealed class SetupState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public DateTime CompletedAt { get; set; }

    public string AdministratorId { get; set; } = "";
}
