using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Features.Templates.Document;

namespace KooMessage.Console.UnitTests.ShortLinks;

/// <summary>CreateResolveTask's limits, each at, below and above.</summary>
public sealed class ResolveTaskRulesTests
{
    [Theory]
    [InlineData(ShortLinkType.Group, 0, false)]
    [InlineData(ShortLinkType.Group, 1, true)]
    [InlineData(ShortLinkType.Group, 180, true)]
    [InlineData(ShortLinkType.Group, 181, false)]
    [InlineData(ShortLinkType.Individual, 0, false)]
    [InlineData(ShortLinkType.Individual, 1, true)]
    [InlineData(ShortLinkType.Individual, 7, true)]
    [InlineData(ShortLinkType.Individual, 8, false)]
    public void DaysValid_AtTheLimits(ShortLinkType type, int days, bool valid) => Assert.Equal(valid, ResolveTaskRules.DaysValid(type, days));

    [Theory]
    [InlineData(ShortLinkType.Group, 1, false)]
    [InlineData(ShortLinkType.Group, 2, true)]
    [InlineData(ShortLinkType.Group, 10_000_000, true)]
    [InlineData(ShortLinkType.Group, 10_000_001, false)]
    [InlineData(ShortLinkType.Individual, 1, true)]
    [InlineData(ShortLinkType.Individual, 2, false)]
    [InlineData(ShortLinkType.Individual, 0, false)]
    public void ResolvesValid_AtTheLimits(ShortLinkType type, int max, bool valid) => Assert.Equal(valid, ResolveTaskRules.ResolvesValid(type, max));

    [Theory]
    [InlineData(ShortLinkType.Group, 0, false)]
    [InlineData(ShortLinkType.Group, 1, true)]
    [InlineData(ShortLinkType.Group, 2, false)]
    [InlineData(ShortLinkType.Individual, 0, false)]
    [InlineData(ShortLinkType.Individual, 100, true)]
    [InlineData(ShortLinkType.Individual, 101, false)]
    public void LinkCountValid_AtTheLimits(ShortLinkType type, int count, bool valid) => Assert.Equal(valid, ResolveTaskRules.LinkCountValid(type, count));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void SignatureCountValid_AtTheLimits(int count, bool valid) => Assert.Equal(valid, ResolveTaskRules.SignatureCountValid(count));

    [Theory]
    [InlineData("", false)]
    [InlineData("星", true)]
    [InlineData("星河科技星河科技星河科技星河科技星河", true)]
    [InlineData("星河科技星河科技星河科技星河科技星河科", false)]
    [InlineData("【星河】", false)]
    [InlineData("[星河]", false)]
    public void SignatureValid_LengthAndBrackets(string signature, bool valid) => Assert.Equal(valid, ResolveTaskRules.SignatureValid(signature));

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("aB3dE6gH9j", true)]
    [InlineData("aB3dE6gH9jK", false)]
    [InlineData("ab-c", false)]
    [InlineData("短链abc", false)]
    public void CustomCodeValid_LengthAndCharacters(string code, bool valid) => Assert.Equal(valid, ResolveTaskRules.CustomCodeValid(code));

    [Theory]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void CustomUrlValid_AtTheLength(int length, bool valid)
    {
        var start = "https://shop.example.com/";
        Assert.Equal(valid, ResolveTaskRules.CustomUrlValid(start + new string('a', length - start.Length)));
    }

    [Theory]
    [InlineData("http://a.example.com", true)]
    [InlineData("ftp://a.example.com", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("shop.example.com", false)]
    public void CustomUrlValid_HttpOrHttpsOnly(string url, bool valid) => Assert.Equal(valid, ResolveTaskRules.CustomUrlValid(url));

    // A Location header carries ASCII only: the host as punycode, the rest percent-encoded; the limit is the stored form's.
    [Theory]
    [InlineData("https://shop.example.com/spring?x=1", "https://shop.example.com/spring?x=1")]
    [InlineData("https://example.com/中文?q=测试", "https://example.com/%E4%B8%AD%E6%96%87?q=%E6%B5%8B%E8%AF%95")]
    [InlineData("http://例子.测试/a b", "http://xn--fsqu00a.xn--0zwm56d/a%20b")]
    [InlineData("https://shop.example.com:8443/x#top", "https://shop.example.com:8443/x#top")]
    public void AsciiUrl_NonAscii_HostPunycodeRestPercentEncoded(string url, string ascii) => Assert.Equal(ascii, ResolveTaskRules.AsciiUrl(url));

    [Fact]
    public void CustomUrlValid_NonAsciiPastTheLimitOnceEncoded_Invalid()
    {
        var url = "https://shop.example.com/" + new string('中', 30);
        Assert.True(url.Length < ResolveTaskRules.CustomUrlMax);
        Assert.False(ResolveTaskRules.CustomUrlValid(url));
    }

    [Fact]
    public void ExpiryValid_WithinTheTypesDaysAfterCreation()
    {
        var created = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var now = created.AddDays(2);
        Assert.True(ResolveTaskRules.ExpiryValid(ShortLinkType.Individual, created, created.AddDays(7), now));
        Assert.False(ResolveTaskRules.ExpiryValid(ShortLinkType.Individual, created, created.AddDays(7).AddSeconds(1), now));
        Assert.False(ResolveTaskRules.ExpiryValid(ShortLinkType.Individual, created, now, now));
        Assert.True(ResolveTaskRules.ExpiryValid(ShortLinkType.Group, created, created.AddDays(180), now));
        Assert.False(ResolveTaskRules.ExpiryValid(ShortLinkType.Group, created, created.AddDays(180).AddSeconds(1), now));
    }

    [Fact]
    public void NewCode_SevenBase62Characters()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => ResolveTaskRules.NewCode()).ToList();
        Assert.All(codes, c => Assert.True(c.Length == ResolveTaskRules.StandardCodeLength && c.All(char.IsAsciiLetterOrDigit) && ResolveTaskRules.CodeWellFormed(c)));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("a1", true)]
    [InlineData("a1/b2", true)]
    [InlineData("a1/b2/c3", false)]
    [InlineData("a1//b2", false)]
    [InlineData("a 1", false)]
    public void DomainPathValid_AtMostTwoLevels(string path, bool valid) => Assert.Equal(valid, ResolveTaskRules.DomainPathValid(path));

    [Theory]
    [InlineData("curl/8.5.0", UserAgents.Bot, null, true)]
    [InlineData("Wget/1.21", UserAgents.Bot, null, true)]
    [InlineData("", UserAgents.Bot, null, true)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1)", UserAgents.Bot, null, true)]
    [InlineData("WhatsApp/2.23.20.0 A", UserAgents.Bot, null, true)]
    [InlineData("TelegramBot (like TwitterBot)", UserAgents.Bot, null, true)]
    [InlineData("facebookexternalhit/1.1", UserAgents.Bot, null, true)]
    [InlineData("Mozilla/5.0 (compatible; Nuclei - Open-source project)", UserAgents.Bot, null, true)]
    [InlineData("Mozilla/5.0 (Linux; Android 12; 2201123C Build/SKQ1) AppleWebKit/537.36 Mobile Safari/537.36 XiaoMi/MiuiBrowser/17.1", UserAgents.Phone, Vendor.Xiaomi, false)]
    [InlineData("Mozilla/5.0 (Linux; Android 12; NOH-AN00; HMSCore 6.11) AppleWebKit/537.36 HuaweiBrowser/14.0 Mobile Safari/537.36", UserAgents.Phone, Vendor.Huawei, false)]
    [InlineData("Mozilla/5.0 (Linux; Android 13; V2227A; wv) AppleWebKit/537.36 Mobile Safari/537.36 VivoBrowser/17.0", UserAgents.Phone, Vendor.Vivo, false)]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-S9180) AppleWebKit/537.36 Mobile Safari/537.36", UserAgents.Phone, Vendor.Samsung, false)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", UserAgents.Phone, null, false)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36", UserAgents.Desktop, null, false)]
    public void Classify_BotsVendorsAndClasses(string ua, string agent, Vendor? vendor, bool bot)
    {
        var c = UserAgents.Classify(ua);
        Assert.Equal((agent, vendor, bot), (c.Agent, c.Vendor, c.IsBot));
    }
}
