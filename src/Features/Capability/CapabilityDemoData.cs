using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Templates.Document;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Capability;

/// <summary>
/// Capability rows for four demo numbers, so a demo query shows every kind of answer; the query page names them while
/// they are in the table.
/// </summary>
internal sealed class CapabilityDemoData(CapabilityKeys keys) : IDemoData
{
    /// <summary>A number, and what the table says of it at each vendor (none: the platform knows nothing of it).</summary>
    public static readonly IReadOnlyList<(string Number, IReadOnlyList<(Vendor Vendor, bool Capable, CapabilitySource Source)> Facts)> Numbers =
    [
        ("13800138000", [(Vendor.Huawei, true, CapabilitySource.Imported), (Vendor.Xiaomi, true, CapabilitySource.Learned)]),
        ("13900139000", [(Vendor.Huawei, false, CapabilitySource.Imported), (Vendor.Oppo, true, CapabilitySource.Imported), (Vendor.Vivo, true, CapabilitySource.Learned)]),
        ("13700137000", [(Vendor.Huawei, false, CapabilitySource.Imported), (Vendor.Xiaomi, false, CapabilitySource.Imported)]),
        ("13600136000", []),
    ];

    public int Order => 60;

    public static string Sha1(string number) => MobileNumbers.Parse(number, EncryptionAlg.None).Sha1!;

    public async Task SeedAsync(DemoAccount demo, KooMessageDb db, CancellationToken ct)
    {
        var hasher = await keys.GetAsync(db, ct);
        var first = hasher.Of(Sha1(Numbers[0].Number));
        if (await db.MobileCapabilities.AnyAsync(c => c.NumberKey == first, ct))
        {
            return;
        }

        foreach (var (number, facts) in Numbers)
        {
            var key = hasher.Of(Sha1(number));
            db.MobileCapabilities.AddRange(facts.Select((f, i) => new MobileCapability
            {
                NumberKey = key, Vendor = f.Vendor, Capable = f.Capable, Source = f.Source, UpdatedAt = demo.Now.AddDays(-i - 1),
            }));
        }

        await db.SaveChangesAsync(ct);
    }
}
