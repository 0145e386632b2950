using System.Net;
using KooMessage.Console.Identity;

namespace KooMessage.Console.UnitTests.Security;

public sealed class SignInRateLimitsTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void ClientKey_Address_CountedPerHostOrIPv6Network(string address, string expected)
    {
        Assert.Equal(expected, SignInRateLimits.ClientKey(IPAddress.Parse(address)));
    }

    [Fact]
    public void ClientKey_NoAddress_OneSharedPartition()
    {
        Assert.Equal("unknown", SignInRateLimits.ClientKey(null));
    }
}
