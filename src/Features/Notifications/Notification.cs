using KooMessage.Console.Common.Data;

namespace KooMessage.Console.Features.Notifications;

/// <summary>A message for one user, shown under the bell in the app bar.</summary>
public sealed class Notification : ITenantOwned
{
    public long Id { get; set; }

    public Guid? AccountId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The resource key of the text, put into words in the reader's language.</summary>
    public string TextKey { get; set; } = "";

    /// <summary>The text's arguments as a JSON array of strings.</summary>
    public string TextArgs { get; set; } = "[]";

    public string? Link { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}
