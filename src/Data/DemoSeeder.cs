using System.Security.Cryptography;
using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Features.Reviews;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using KooMessage.Console.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Data;

/// <summary>
/// <c>--seed-demo</c>: a demo account with one user per tenant role, SMS apps, and filings and signatures in every
/// state, with a review ticket for each one that waits. Idempotent: what exists is kept, what is missing is added.
/// Each module extends it with data of its own.
/// </summary>
public sealed class DemoSeeder(UserDirectory directory, FileStore files, TimeProvider clock)
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
        var result = await directory.RunAsync<bool>(async (users, db) =>
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

            await SeedModulesAsync(db, account.Id, ct);
            return true;
        }, ct);
        return result.Error is { } failed
            ? throw new InvalidOperationException($"Demo data could not be seeded: {failed.Code} {failed.Message}")
            : created;
    }

    /// <summary>SMS apps, filings in every state and signatures in every state, once per demo account.</summary>
    private async Task SeedModulesAsync(KooMessageDb db, Guid accountId, CancellationToken ct)
    {
        if (await db.SmsApps.AnyAsync(a => a.AccountId == accountId, ct))
        {
            return;
        }

        var owner = new UserContext("", Users[0].UserName, accountId, AccountName, [Roles.FullAccess]);
        var ownerId = await db.Users.Where(u => u.UserName == Users[0].UserName).Select(u => u.Id).SingleAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var launched = new SmsApp { AccountId = accountId, Name = "会员通知", UpLinkAddress = "https://demo.koomessage.local/uplink", Status = SmsAppStatus.Launched, CreatedAt = now.AddDays(-20), SubmittedBy = ownerId };
        var waitingApp = new SmsApp { AccountId = accountId, Name = "营销活动", Status = SmsAppStatus.Created, CreatedAt = now.AddHours(-3), SubmittedBy = ownerId };
        db.SmsApps.AddRange(launched, waitingApp);
        ReviewTickets.Open(db, SmsAppReviewSource.Subject(waitingApp), waitingApp.CreatedAt);

        var filings = new (string Name, FilingStatus Status, string? Reason)[]
        {
            ("示例科技有限公司", FilingStatus.Approved, null),
            ("示例商贸有限公司", FilingStatus.Reviewing, null),
            ("示例物流有限公司", FilingStatus.Rejected, "营业执照照片模糊,请上传清晰的原件扫描件。"),
            ("示例餐饮管理有限公司", FilingStatus.Draft, null),
        };
        for (var i = 0; i < filings.Length; i++)
        {
            var (name, status, reason) = filings[i];
            var license = await SaveAsync(db, owner, accountId, "营业执照.png", "image/png", DemoFiles.Png, ct);
            var enterprise = new Enterprise
            {
                AccountId = accountId, Name = name, CertificateType = CertificateType.ThreeInOne,
                CreditCode = CreditCode.WithUsccCheck($"9144030019220382{i}"), ContactName = "李先生", ContactPhone = $"1380013800{i}",
                ContactEmail = $"filing{i}@demo.koomessage.local", EnterpriseType = "LimitedLiability", Industry = "Social",
                Scenarios = FilingScenarios.Aim, LicenseFileId = license.Id, Status = status, ReviewReason = reason,
                SubmittedAt = status == FilingStatus.Draft ? null : now.AddDays(-i - 1), SubmittedBy = ownerId,
                ReviewedAt = status is FilingStatus.Approved or FilingStatus.Rejected ? now.AddDays(-i) : null,
                CreatedAt = now.AddDays(-i - 2), UpdatedAt = now.AddDays(-i),
            };
            foreach (var requirement in MaterialCatalog.For(enterprise.Scenarios).Where(r => r.Required))
            {
                var pdf = await SaveAsync(db, owner, accountId, $"{requirement.Kind}.pdf", "application/pdf", DemoFiles.Pdf(requirement.Kind.ToString()), ct);
                enterprise.Materials.Add(new EnterpriseMaterial { AccountId = accountId, Kind = requirement.Kind, FileId = pdf.Id, Approved = status == FilingStatus.Approved });
            }

            db.Enterprises.Add(enterprise);
            if (status == FilingStatus.Reviewing)
            {
                ReviewTickets.Open(db, FilingReviewSource.Subject(enterprise), enterprise.SubmittedAt!.Value);
            }
        }

        var signatures = new (string Name, SignatureType Type, SignatureStatus Status, string? Channel, string? Review)[]
        {
            ("示例科技", SignatureType.Notify, SignatureStatus.ReviewPassed, "1069012345", null),
            ("示例商城", SignatureType.Promotion, SignatureStatus.PendingReview, null, null),
            ("示例会员", SignatureType.Notify, SignatureStatus.Processing, null, null),
            ("示例优选", SignatureType.Promotion, SignatureStatus.ReviewNotPass, null, "签名与营业执照上的企业名称不一致,请补充授权委托书。"),
            ("示例出行", SignatureType.Notify, SignatureStatus.ToBeActivated, "1069012346", null),
            ("示例生活", SignatureType.Notify, SignatureStatus.PendingActivate, "1069012347", null),
        };
        for (var i = 0; i < signatures.Length; i++)
        {
            var (name, type, status, channel, review) = signatures[i];
            var license = await SaveAsync(db, owner, accountId, "营业执照.png", "image/png", DemoFiles.Png, ct);
            var signature = new Signature
            {
                AccountId = accountId, AppId = launched.Id, Name = name, Type = type, Source = 0, Status = status, ChannelNumber = channel,
                ReviewDesc = review, SubmittedAt = now.AddHours(-2 - (i * 5)), SubmittedBy = ownerId, CreatedAt = now.AddDays(-i), UpdatedAt = now.AddHours(-i),
                UrgedAt = status == SignatureStatus.PendingReview ? now.AddMinutes(-90) : null,
            };
            signature.Files.Add(new SignatureFile { AccountId = accountId, Purpose = SignatureFilePurpose.License, FileId = license.Id });
            db.Signatures.Add(signature);
            if (SignatureStates.Waiting.Contains(status))
            {
                var ticket = ReviewTickets.Open(db, SignatureReviewSource.Subject(signature), signature.SubmittedAt);
                ticket.UrgedAt = signature.UrgedAt;
                ticket.IsUrged = signature.UrgedAt is not null;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<StoredFile> SaveAsync(KooMessageDb db, UserContext owner, Guid accountId, string name, string type, byte[] content, CancellationToken ct)
    {
        using var stream = new MemoryStream(content);
        return await files.SaveAsync(db, owner, accountId, name, type, stream, ct);
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
