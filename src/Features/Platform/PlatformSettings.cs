namespace KooMessage.Console.Features.Platform;

/// <summary>The platform administrator's settings: one row, created on first save.</summary>
public sealed class PlatformSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public bool SignUpEnabled { get; set; }
}
