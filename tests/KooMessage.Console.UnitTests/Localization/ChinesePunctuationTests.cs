using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KooMessage.Console.UnitTests.Localization;

/// <summary>Chinese texts use full-width punctuation (，：；？（）) beside Chinese characters, as the Chinese clouds' consoles write them.</summary>
public sealed partial class ChinesePunctuationTests
{
    [Fact]
    public void ChineseResources_PunctuationBesideChinese_IsFullWidth()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KooMessage.Console.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var values = XDocument.Load(Path.Combine(root.FullName, "src", "Resources", "SharedResource.zh-CN.resx")).Root!.Elements("data")
            .Select(d => ((string)d.Attribute("name")!, (string)d.Element("value")!))
            .ToList();

        Assert.NotEmpty(values);
        var halfWidth = values.Where(v => HasHalfWidthBesideChinese(v.Item2)).Select(v => $"{v.Item1}: {v.Item2}").ToList();
        Assert.Empty(halfWidth);
    }

    [Theory]
    [InlineData("账号已创建,其首个用户现在即可登录。", true)]
    [InlineData("请求编号:", true)]
    [InlineData("{0}:文件“{1}”已失效", true)]
    [InlineData("至少包含一个数字(0-9)", true)]
    [InlineData("FullAccess(管理员)", true)]
    [InlineData("确定冻结“{0}”吗?", true)]
    [InlineData("账号已创建，其首个用户现在即可登录。", false)]
    [InlineData("至少包含一个数字（0-9）", false)]
    [InlineData("第 {0}-{1} 条，共 {2} 条", false)]
    [InlineData("{0}, {1}", false)]
    [InlineData("请访问 https://example.com/a,b(c) 查看", false)]
    [InlineData("Created {0}", false)]
    public void HasHalfWidthBesideChinese_Text_Found(string text, bool expected) =>
        Assert.Equal(expected, HasHalfWidthBesideChinese(text));

    // Placeholders ({0}) and URLs are not prose: they are taken out before looking (a URL becomes a neutral character).
    private static bool HasHalfWidthBesideChinese(string text)
    {
        var prose = NotProse().Replace(text, m => m.Value.StartsWith('{') ? m.Value : "~");
        return HalfWidthBesideChinese().IsMatch(prose);
    }

    [GeneratedRegex(@"\{\d+\}|https?://\S+")]
    private static partial Regex NotProse();

    // A comma, colon, semicolon, question mark or parenthesis with a Chinese character (or a placeholder followed by one)
    // on either side; a parenthesis also when it encloses Chinese.
    [GeneratedRegex(@"(?<=[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}“”])[,:;?()]|[,:;?()](?=[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}“”])|\((?=[^)]*\p{IsCJKUnifiedIdeographs})|(?<=\p{IsCJKUnifiedIdeographs}[^(]*)\)")]
    private static partial Regex HalfWidthBesideChinese();
}
