using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KooMessage.Console.UnitTests.Localization;

/// <summary>Every text the console shows exists in Chinese and in English.</summary>
public sealed partial class ResourceTests
{
    private static readonly string Root = FindRoot();

    private static readonly Dictionary<string, string> English = Load("SharedResource.resx");

    private static readonly Dictionary<string, string> Chinese = Load("SharedResource.zh-CN.resx");

    [Fact]
    public void Resources_BothLanguages_HaveTheSameKeys()
    {
        Assert.Empty(English.Keys.Except(Chinese.Keys));
        Assert.Empty(Chinese.Keys.Except(English.Keys));
    }

    [Fact]
    public void Resources_EveryKeyUsedInSource_Exists()
    {
        var used = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        var missing = used.Where(k => !English.ContainsKey(k)).Order().ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Resources_KeysBuiltAtRunTime_Exist()
    {
        var keys = ConsoleModules.All.SelectMany(m => m.ResourceKeys)
            .Concat(Components.Layout.NavModel.Groups.Select(g => g.TitleKey))
            .Concat(Components.Layout.NavModel.All.Select(i => i.TitleKey))
            .ToList();

        // The modules' lists reach this test: a state text, an audit object type and a role each stand for one kind.
        Assert.Contains("SignatureStatus.ReviewPassed", keys);
        Assert.Contains("Audit.Type.signature", keys);
        Assert.Contains("Role.FullAccess", keys);
        var missing = keys.Where(k => !English.ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Resources_Values_NonEmptyWithSamePlaceholders()
    {
        foreach (var (key, en) in English)
        {
            var zh = Chinese[key];
            Assert.False(string.IsNullOrWhiteSpace(en), key);
            Assert.False(string.IsNullOrWhiteSpace(zh), key);
            Assert.Equal(Placeholders(en), Placeholders(zh));
        }
    }

    private static string[] Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order()];

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Root, "src", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KooMessage.Console.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found");
    }

    [GeneratedRegex("""(?:\b[Ll]\[|\[)"(?<key>[A-Z][A-Za-z]+(?:\.[A-Za-z_]+)+)"|"(?<key>(?:Nav|Notify|Overview)\.[A-Za-z.]+)"(?=[,)\]])""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
