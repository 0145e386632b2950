namespace KooMessage.Console.Common.Security;

/// <summary>Tenant roles carry KooMessage's IAM policy names; platform roles belong to the platform's own staff.</summary>
public static class Roles
{
    public const string FullAccess = "FullAccess";
    public const string CommonOperations = "CommonOperations";
    public const string Development = "Development";
    public const string ReadOnlyAccess = "ReadOnlyAccess";
    public const string PlatformAdmin = "PlatformAdmin";
    public const string Reviewer = "Reviewer";

    public static readonly IReadOnlyList<string> Tenant = [FullAccess, CommonOperations, Development, ReadOnlyAccess];

    public static readonly IReadOnlyList<string> Platform = [PlatformAdmin, Reviewer];

    public static readonly IReadOnlyList<string> All = [.. Tenant, .. Platform];

    public static bool IsPlatformRole(string role) => Platform.Contains(role);
}
