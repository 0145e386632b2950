using KooMessage.Console.Common.Security;

namespace KooMessage.Console.UnitTests.Security;

public sealed class PermissionRulesTests
{
    private static readonly Permission[] PlatformOnly =
        [Permission.AccountManage, Permission.StaffManage, Permission.SettingsManage, Permission.ReviewView, Permission.ReviewDecide];

    public static TheoryData<string> TenantRoles => [.. Roles.Tenant];

    [Theory]
    [MemberData(nameof(TenantRoles))]
    public void Allows_TenantRole_HasNoPlatformPermission(string role)
    {
        Assert.All(PlatformOnly, p => Assert.False(PermissionRules.Allows(role, p), $"{role} must not hold {p}"));
    }

    [Fact]
    public void Allows_ReadOnlyAccess_HoldsNoWrite()
    {
        var writes = Enum.GetValues<Permission>().Where(PermissionRules.IsWrite).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, p => Assert.False(PermissionRules.Allows(Roles.ReadOnlyAccess, p), $"ReadOnlyAccess must not hold {p}"));
        Assert.True(PermissionRules.Allows(Roles.ReadOnlyAccess, Permission.ReportExport));
    }

    [Fact]
    public void Allows_UserManagement_OnlyFullAccess()
    {
        var holders = Roles.All.Where(r => PermissionRules.Allows(r, Permission.UserManage)).ToList();
        Assert.Equal([Roles.FullAccess], holders);
    }

    [Fact]
    public void Allows_Development_ManagesTemplatesButNotFilingsOrBilling()
    {
        Assert.True(PermissionRules.Allows(Roles.Development, Permission.TemplateManage));
        Assert.True(PermissionRules.Allows(Roles.Development, Permission.CapabilityCheck));
        Assert.False(PermissionRules.Allows(Roles.Development, Permission.FilingManage));
        Assert.False(PermissionRules.Allows(Roles.Development, Permission.PackageBuy));
    }

    [Fact]
    public void Allows_CommonOperations_ManagesResourcesButNotUsersOrPurchases()
    {
        Assert.True(PermissionRules.Allows(Roles.CommonOperations, Permission.SignatureManage));
        Assert.True(PermissionRules.Allows(Roles.CommonOperations, Permission.ReportExport));
        Assert.False(PermissionRules.Allows(Roles.CommonOperations, Permission.UserManage));
        Assert.False(PermissionRules.Allows(Roles.CommonOperations, Permission.PackageBuy));
    }

    [Fact]
    public void Allows_Reviewer_ReviewsButDoesNotAdminister()
    {
        Assert.True(PermissionRules.Allows(Roles.Reviewer, Permission.ReviewDecide));
        Assert.False(PermissionRules.Allows(Roles.Reviewer, Permission.AccountManage));
        Assert.False(PermissionRules.Allows(Roles.Reviewer, Permission.SignatureView));
    }

    [Fact]
    public void Allows_PlatformAdmin_AdministersButSeesNoTenantModule()
    {
        Assert.True(PermissionRules.Allows(Roles.PlatformAdmin, Permission.AccountManage));
        Assert.True(PermissionRules.Allows(Roles.PlatformAdmin, Permission.SettingsManage));
        Assert.False(PermissionRules.Allows(Roles.PlatformAdmin, Permission.TemplateView));
    }

    [Fact]
    public void Allows_UnknownRole_Nothing()
    {
        Assert.All(Enum.GetValues<Permission>(), p => Assert.False(PermissionRules.Allows("Root", p)));
    }

    [Fact]
    public void Allows_EveryPermission_HeldBySomeRole()
    {
        Assert.All(Enum.GetValues<Permission>(), p => Assert.Contains(Roles.All, r => PermissionRules.Allows(r, p)));
    }
}
