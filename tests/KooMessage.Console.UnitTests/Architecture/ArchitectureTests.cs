using System.Reflection;
using System.Text.RegularExpressions;
using KooMessage.Console.Components.Shared;
using KooMessage.Console.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.UnitTests.Architecture;

/// <summary>The seams every later module copies: who may reach a database context, and what Common may know.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    private static readonly Type[] ContextTypes =
        [typeof(KooMessageDb), typeof(IdentityStoreDb), typeof(IDbContextFactory<KooMessageDb>), typeof(DbContextOptions<KooMessageDb>), typeof(DbContextOptions<IdentityStoreDb>)];

    [Fact]
    public void Services_AndComponents_NeverAskForAContext()
    {
        var offenders = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.Contains(".Migrations", StringComparison.Ordinal) != true && t != typeof(DesignTimeDbFactory))
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Where(c => t != typeof(KooMessageDb) && t != typeof(IdentityStoreDb))
                .SelectMany(c => c.GetParameters()).Where(p => ContextTypes.Contains(p.ParameterType)).Select(_ => t.FullName)
                .Concat(t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                    .Where(p => p.IsDefined(typeof(InjectAttribute)) && ContextTypes.Contains(p.PropertyType)).Select(_ => t.FullName)))
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Source_ResolvesAContextOnlyWhereAllowed()
    {
        // Identity's narrow context is resolved by the one class that runs Identity work in a transaction.
        var resolving = SourceFiles().Where(f => ResolveContext().IsMatch(File.ReadAllText(f))).Select(Relative).Order().ToList();

        Assert.Equal(["src/Features/Users/UserDirectory.cs"], resolving);
    }

    [Fact]
    public void Source_CreatesKooMessageDbOnlyInTenantDb()
    {
        var creating = SourceFiles().Where(f => File.ReadAllText(f).Contains("new KooMessageDb(", StringComparison.Ordinal)).Select(Relative).Order().ToList();

        Assert.Equal(["src/Data/TenantDb.cs"], creating);
    }

    [Fact]
    public void SystemBypass_Callers_AreTheListedOnes()
    {
        // Each caller crosses accounts with nobody's permission: start-up, setup, sign-up and account names (unique
        // across accounts), demo data, the platform-owned settings and sensitive words every account reads, and the job
        // runner with the platform's recurring jobs (file sweep, export expiry), which claim and clean every account's work,
        // the public H5 page, which finds a template version by its token alone (then reads only that version's account),
        // the platform's capability table (its secret, and the facts the import job and the resolve host write),
        // the event store's writer (one batch holds every account's events) and the resolve counts' journal it writes (folded
        // into every account's links at start-up), the rollup job (one cursor over every account's events), the API
        // key sign-in (the key names the account) and a reply from the gateway (it names only its number: the message it
        // answered tells the account), the hourly billing alerts (which list every wallet, then act for each account), the sweep for send tasks left
        // Sending behind a failed run (which lists them, then pauses each in its account), and service-number names (unique across accounts, asked inside the writer's transaction).
        var callers = SourceFiles()
            .Where(f => !f.EndsWith("TenantDb.cs", StringComparison.Ordinal))
            .Where(f => SystemBypass().IsMatch(File.ReadAllText(f)))
            .Select(Relative).Order().ToList();

        Assert.Equal(
        [
            "src/Common/Files/FileSweepJob.cs",
            "src/Common/Jobs/JobWorker.cs",
            "src/Data/Database.cs",
            "src/Data/DemoSeeder.cs",
            "src/Data/DesignTimeDbFactory.cs",
            "src/Features/Accounts/AccountService.cs",
            "src/Features/ApiKeys/ApiKeyAuthenticator.cs",
            "src/Features/Billing/Bills/BillingAlertJob.cs",
            "src/Features/Billing/Packages/PackageRenewalJob.cs",
            "src/Features/Billing/Settlement.cs",
            "src/Features/Capability/CapabilityStore.cs",
            "src/Features/Downloads/ExportExpiryJob.cs",
            "src/Features/Events/EventStore.cs",
            "src/Features/Platform/SensitiveWordMatcher.cs",
            "src/Features/Platform/SettingsService.cs",
            "src/Features/Platform/SetupService.cs",
            "src/Features/Reports/Rollups/RollupBuilder.cs",
            "src/Features/Sending/ReplyHandler.cs",
            "src/Features/Sending/SendRunFailures.cs",
            "src/Features/ServiceNumbers/ServiceNumberNames.cs",
            "src/Features/ShortLinks/LinkSnapshot.cs",
            "src/Features/ShortLinks/ResolveCounters.cs",
            "src/Features/Templates/H5/H5Pages.cs",
        ], callers);
    }

    [Fact]
    public void Common_DependsOnNoFeature()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "src", "Common"), "*.*", SearchOption.AllDirectories)
            .Where(f => FeatureReference().IsMatch(File.ReadAllText(f)))
            .Select(Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Routes_AreWrittenOnceEach()
    {
        var literals = SourceFiles()
            .SelectMany(f => RouteLiteral().Matches(File.ReadAllText(f)).Select(m => (Route: m.Groups[1].Value, File: Relative(f))))
            .GroupBy(x => x.Route)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.File))}")
            .ToList();

        Assert.Empty(literals);
    }

    [Fact]
    public void Pages_AllDeriveFromConsolePage()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("KooMessage.Console.Features", StringComparison.Ordinal) == true && t.IsDefined(typeof(RouteAttribute)))
            .ToList();

        Assert.NotEmpty(pages);
        Assert.Empty(pages.Where(t => !t.IsSubclassOf(typeof(ConsolePage))).Select(t => t.FullName));
    }

    [Fact]
    public void Components_NeverQueryWithoutTheirPagesToken()
    {
        // Pages, panels and dialogs pass ConsolePage.Leaving, so leaving a page cancels its queries.
        var offenders = SourceFiles()
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => Relative(f).StartsWith("src/Features/", StringComparison.Ordinal) || Relative(f).StartsWith("src/Components/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("CancellationToken.None", StringComparison.Ordinal))
            .Select(Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Source_JoinsListsWithTheResourceSeparator()
    {
        // "、" is Chinese only: a list joined in code would show it to English users too (Common.ListSeparator instead).
        var offenders = SourceFiles()
            .Where(f => File.ReadAllLines(f).Any(line => line.Contains('、', StringComparison.Ordinal) && !line.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KooMessage.Console.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found");
    }

    [GeneratedRegex(@"GetRequiredService<(KooMessageDb|IdentityStoreDb)>|GetService<(KooMessageDb|IdentityStoreDb)>")]
    private static partial Regex ResolveContext();

    [GeneratedRegex(@"Console\.Features\b|(?<![\w.])Features\.[A-Z]")]
    private static partial Regex FeatureReference();

    [GeneratedRegex(@"ForSystemAsync\(|DbScope\.AllAccounts\(")]
    private static partial Regex SystemBypass();

    [GeneratedRegex(@"""(/(?:account|setup|aim|sms|enterprise|iam|platform|review|service-numbers|billing|reports)(?:/[a-z-]+)*)""")]
    private static partial Regex RouteLiteral();
}
