using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;

namespace KooMessage.Console.Common.Files;

/// <summary>
/// A module whose rows refer to stored files. <c>/files/{id}</c> asks every owner which permission lets a tenant user
/// view the file (a filing's licence needs the filing view permission); a file no owner claims is not served.
/// </summary>
public interface IFileOwner
{
    /// <summary>The permission that views <paramref name="fileId"/> through this module's rows, or null when none of them refers to it.</summary>
    Task<Permission?> ViewPermissionAsync(KooMessageDb db, Guid fileId, CancellationToken ct);
}
