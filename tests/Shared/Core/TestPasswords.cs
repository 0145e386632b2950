using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>
/// Password hashes in the tests' consoles: PBKDF2 with <see cref="Iterations"/> rounds instead of Identity's 100,000.
/// Every user a test creates and every sign-in hashes once, and at 100,000 rounds a hash took 0.15–0.3 s of CPU on the
/// two cores the whole test run shares. The hash's format, salt and checks are Identity's own; only the work factor
/// is lower, and a hash records its rounds, so a console started with the default still verifies it.
/// </summary>
public static class TestPasswords
{
    public const int Iterations = 1_000;

    public static IServiceCollection UseTestPasswordHashing(this IServiceCollection services) =>
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = Iterations);
}
