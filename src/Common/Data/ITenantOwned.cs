namespace KooMessage.Console.Common.Data;

/// <summary>
/// A row that belongs to one account through its <c>AccountId</c> property (Guid, or Guid? where the platform owns
/// some rows). The console's context filters every entity carrying this marker to the context's account, in one loop;
/// a test fails for an entity with an <c>AccountId</c> that lacks the marker.
/// </summary>
public interface ITenantOwned;
