using KooMessage.Console.Common.Files;
using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Reviews;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Enterprises;

/// <summary>Filings in every state, each with its licence and required materials; the one under review has its ticket.</summary>
internal sealed class FilingDemoData(FileStore files) : IDemoData
{
    public int Order => 20;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        if (await db.Enterprises.AnyAsync(e => e.AccountId == demo.AccountId, ct))
        {
            return;
        }

        var filings = new (string Name, FilingStatus Status, string? Reason)[]
        {
            ("示例科技有限公司", FilingStatus.Approved, null),
            ("示例商贸有限公司", FilingStatus.Reviewing, null),
            ("示例物流有限公司", FilingStatus.Rejected, "营业执照照片模糊，请上传清晰的原件扫描件。"),
            ("示例餐饮管理有限公司", FilingStatus.Draft, null),
        };
        var now = demo.Now;
        for (var i = 0; i < filings.Length; i++)
        {
            var (name, status, reason) = filings[i];
            var license = await files.SaveBytesAsync(db, demo.Owner, demo.AccountId, "营业执照.png", "image/png", DemoFiles.Png, ct);
            var enterprise = new Enterprise
            {
                AccountId = demo.AccountId, Name = name, CertificateType = CertificateType.ThreeInOne,
                CreditCode = CreditCode.WithUsccCheck($"9144030019220382{i}"), ContactName = "李先生", ContactPhone = $"1380013800{i}",
                ContactEmail = $"filing{i}@demo.koomessage.local", EnterpriseType = EnterpriseType.LimitedLiability, Industry = Industry.Social,
                Scenarios = FilingScenarios.Aim, LicenseFileId = license.Id, Status = status, ReviewReason = reason,
                SubmittedAt = status == FilingStatus.Draft ? null : now.AddDays(-i - 1), SubmittedBy = demo.OwnerId,
                ReviewedAt = status is FilingStatus.Approved or FilingStatus.Rejected ? now.AddDays(-i) : null,
                CreatedAt = now.AddDays(-i - 2), UpdatedAt = now.AddDays(-i),
            };
            foreach (var requirement in MaterialCatalog.For(enterprise.Scenarios).Where(r => r.Required))
            {
                var pdf = await files.SaveBytesAsync(db, demo.Owner, demo.AccountId, $"{requirement.Kind}.pdf", "application/pdf", DemoFiles.Pdf(requirement.Kind.ToString()), ct);
                enterprise.Materials.Add(new EnterpriseMaterial { AccountId = demo.AccountId, Kind = requirement.Kind, FileId = pdf.Id, Approved = status == FilingStatus.Approved });
            }

            db.Enterprises.Add(enterprise);
            if (status == FilingStatus.Reviewing)
            {
                ReviewTickets.Open(db, FilingReviewSource.Subject(enterprise), enterprise.SubmittedAt!.Value);
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
