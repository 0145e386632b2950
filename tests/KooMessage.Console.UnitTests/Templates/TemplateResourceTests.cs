using System.Xml.Linq;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.Templates;

public sealed class TemplateResourceTests
{
    [Fact]
    public void RuleCodes_EachHasAUniqueCodeAndAMessageInBothLanguages()
    {
        var english = Keys("SharedResource.resx");
        var chinese = Keys("SharedResource.zh-CN.resx");

        Assert.Equal(RuleCodes.All.Count, RuleCodes.All.Select(r => r.Code).Distinct().Count());
        Assert.Contains(RuleCodes.All, r => r.Code == "KM.90016802");
        Assert.All(RuleCodes.All, r => Assert.Contains(r.MessageKey, english));
        Assert.All(RuleCodes.All, r => Assert.Contains(r.MessageKey, chinese));
    }

    [Theory]
    [InlineData("zh-CN", "卡片动参（name、code）与协议动参（name、unused）不一致。")]
    [InlineData("en-US", "The parameters used in the card (name, code) differ from the declared ones (name, unused).")]
    public void Message_ListArguments_AreJoinedAsTheLanguageJoinsLists(string culture, string expected)
    {
        var l = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));
        var violation = new TemplateViolation(RuleCodes.ParamsMismatch, Features.Templates.Rules.Severity.Error, TemplatePath.Template("params"), [new[] { "name", "code" }, new[] { "name", "unused" }]);

        using (CultureScope.Use(culture))
        {
            Assert.Equal(expected, violation.Message(l));
        }
    }

    private static HashSet<string> Keys(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "KooMessage.Console.sln")))
        {
            dir = dir.Parent;
        }

        return [.. XDocument.Load(Path.Combine(dir.FullName, "src", "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];
    }
}
