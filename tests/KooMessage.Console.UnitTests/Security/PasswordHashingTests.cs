using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.Security;

/// <summary>The console hashes passwords at Identity's full work factor; only the tests' consoles lower it (<see cref="TestPasswords"/>).</summary>
public sealed class PasswordHashingTests
{
    [Fact]
    public void ConsoleServices_HashWithIdentitysHundredThousandRounds_TestConsolesWithTheirOwn()
    {
        var console = PlainServices.Services;
        using var tests = new ServiceCollection().AddLogging()
            .AddConsoleCore(new ConfigurationBuilder().Build(), Path.Combine(Path.GetTempPath(), "km-hashing")).UseTestPasswordHashing().BuildServiceProvider();

        Assert.Equal(100_000, console.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount);
        Assert.Equal(TestPasswords.Iterations, tests.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount);
    }

    [Fact]
    public void HashOfATestConsole_VerifiedByTheConsolesHasher()
    {
        var hash = new PasswordHasher<AppUser>(Options.Create(new PasswordHasherOptions { IterationCount = TestPasswords.Iterations })).HashPassword(new AppUser(), "Good#Pass1");

        var console = new PasswordHasher<AppUser>();

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, console.VerifyHashedPassword(new AppUser(), hash, "Good#Pass1"));
        Assert.Equal(PasswordVerificationResult.Failed, console.VerifyHashedPassword(new AppUser(), hash, "Good#Pass2"));
    }
}
