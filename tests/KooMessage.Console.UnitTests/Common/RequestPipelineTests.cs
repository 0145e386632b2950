using KooMessage.Console.Common.Web;
using Microsoft.AspNetCore.Http;

namespace KooMessage.Console.UnitTests.Common;

public sealed class RequestPipelineTests
{
    [Theory]
    [InlineData("/setup", true)]
    [InlineData("/setup/", true)]
    [InlineData("/Setup/", true)]
    [InlineData("/SETUP", true)]
    [InlineData("//setup//", true)]
    [InlineData("/setup/x", false)]
    [InlineData("/setupx", false)]
    [InlineData("/", false)]
    [InlineData("", false)]
    public void IsRoute_CaseAndSlashes_Ignored(string path, bool expected)
    {
        Assert.Equal(expected, RequestPipeline.IsRoute(new PathString(path), KooMessage.Console.Identity.IdentityModule.SetupRoute));
    }
}
