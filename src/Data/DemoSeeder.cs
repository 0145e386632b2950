using System.Security.Cryptography;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

/// <summary>
/// <c>--seed-demo</c>: a demo account with one user per tenant role, SMS apps, and filings and signatures in every
/// state. Idempotent: what exists is kept, what is missing is added. Each module adds its own data through <see cref="IDemoData"/>.
/// </summary>
public sealed class DemoSeeder(UserDirectory directory, IEnumerable<IDemoData> modules, TimeProvider clock)
{
    public const string AccountName = "示例科技有限公司";

    public static readonly IReadOnlyList<(string UserName, string Role)> Users =
    [
        ("demo-owner", Roles.FullAccess),
        ("demo-ops", Roles.CommonOperations),
        ("demo-dev", Roles.Development),
        ("demo-viewer", Roles.ReadOnlyAccess),
    ];

    /// <summary>Seeds and returns the users it created with their one-time passwords (empty when all existed).</summary>
    public async Task<IReadOnlyList<(string UserName, string Password)>> SeedAsync(CancellationToken ct)
    {
        var created = new List<(string, string)>();
        DemoAccount? seeded = null;
        var result = await directory.RunAsync<bool>(DbScope.AllAccounts("seed demo data"), async (users, db) =>
        {
            var account = await db.Accounts.SingleOrDefaultAsync(a => a.IsDemo, ct);
            if (account is null)
            {
                account = new Account { Name = AccountName, IsDemo = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
                db.Accounts.Add(account);
                await db.SaveChangesAsync(ct);
            }

            foreach (var (userName, role) in Users)
            {
                if (await users.FindByNameAsync(userName) is not null)
                {
                    continue;
                }

                var password = NewPassword();
                var form = new UserCredentialsForm { UserName = userName, Email = $"{userName}@demo.koomessage.local", Password = password, ConfirmPassword = password };
                var user = await directory.CreateAsync(users, db, null, account.Id, form, role, AuditActions.Create);
                if (user.Error is { } error)
                {
                    return error;
                }

                created.Add((userName, password));
            }

            var owner = new UserContext("", Users[0].UserName, account.Id, AccountName, [Roles.FullAccess]);
            var ownerId = await db.Users.Where(u => u.UserName == Users[0].UserName).Select(u => u.Id).SingleAsync(ct);
            var demo = new DemoAccount(account.Id, owner, ownerId, clock.GetUtcNow().UtcDateTime);
            seeded = demo;
            foreach (var module in modules.OrderBy(m => m.Order))
            {
                await module.SeedAsync(demo, db, ct);
            }

            return true;
        }, ct);
        if (result.Error is { } failed)
        {
            throw new InvalidOperationException($"Demo data could not be seeded: {failed.Code} {failed.Message}");
        }

        foreach (var after in seeded?.AfterCommit ?? [])
        {
            await after(ct);
        }

        return created;
    }

    /// <summary>Demo passwords are printed once to the console that ran the seeding, never to the log.</summary>
    public static void PrintCredentials(IReadOnlyList<(string UserName, string Password)> created, TextWriter output)
    {
        output.WriteLine($"Demo account \"{AccountName}\" is ready.");
        foreach (var (userName, password) in created)
        {
            output.WriteLine($"  {userName}  {password}");
        }

        if (created.Count == 0)
        {
            output.WriteLine("  Its users existed already; their passwords are unchanged.");
        }
    }

    /// <summary>A random password that meets every rule (upper, lower, digit, symbol, length 16).</summary>
    public static string NewPassword() =>
        $"Km{RandomNumberGenerator.GetHexString(10, lowercase: true)}#{RandomNumberGenerator.GetInt32(10, 100)}";
}
