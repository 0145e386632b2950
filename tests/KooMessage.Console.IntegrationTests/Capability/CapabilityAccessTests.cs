using System.Net;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Capability;
using KooMessage.Console.IntegrationTests.Security;

namespace KooMessage.Console.IntegrationTests.Capability;

/// <summary>Who opens 号码能力查询 and the platform's capability data: tenants query, only the platform administrator imports.</summary>
public sealed class CapabilityAccessTests(RoleMatrixFixture fixture) : IClassFixture<RoleMatrixFixture>
{
    public static TheoryData<string, string, bool> Expected() => new()
    {
        { Roles.FullAccess, CapabilityModule.Route, true },
        { Roles.CommonOperations, CapabilityModule.Route, true },
        { Roles.Development, CapabilityModule.Route, true },
        { Roles.ReadOnlyAccess, CapabilityModule.Route, false },
        { Roles.Reviewer, CapabilityModule.Route, false },
        { Roles.PlatformAdmin, CapabilityModule.Route, false },
        { Roles.FullAccess, CapabilityModule.ImportRoute, false },
        { Roles.CommonOperations, CapabilityModule.ImportRoute, false },
        { Roles.Development, CapabilityModule.ImportRoute, false },
        { Roles.ReadOnlyAccess, CapabilityModule.ImportRoute, false },
        { Roles.Reviewer, CapabilityModule.ImportRoute, false },
        { Roles.PlatformAdmin, CapabilityModule.ImportRoute, true },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Get_CapabilityPagesAsRole_OpenForTheRightRoles(string role, string href, bool opens)
    {
        var client = await fixture.ClientAsync(role);

        using var response = await client.GetAsync(href);

        Assert.Equal(opens ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        if (!opens)
        {
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }
}
