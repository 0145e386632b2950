using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Templates;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Capability;

/// <summary>What the query page sends (CheckMobileCapability's mobiles, encryption_alg and tpl_id).</summary>
public sealed record CapabilityQuery(string Numbers, EncryptionAlg Alg = EncryptionAlg.None, string? TplId = null);

/// <summary>One vendor's answer for a number and where it came from.</summary>
public sealed record VendorAnswer(Vendor Vendor, bool Capable, CapabilitySource Source, DateTime UpdatedAt);

/// <summary>One entered number: supported when a vendor in scope renders smart messages there.</summary>
public sealed record NumberAnswer(int Line, string Number, IReadOnlyList<VendorAnswer> Vendors)
{
    public bool Supported => Vendors.Any(v => v.Capable);
}

/// <summary>supported_mobiles and unsupported_mobiles, with each number's vendors; <see cref="Vendors"/> is the scope asked.</summary>
public sealed record CapabilityAnswer(string? TplId, IReadOnlyList<Vendor> Vendors, IReadOnlyList<NumberAnswer> Numbers)
{
    public IReadOnlyList<NumberAnswer> Supported => [.. Numbers.Where(n => n.Supported)];

    public IReadOnlyList<NumberAnswer> Unsupported => [.. Numbers.Where(n => !n.Supported)];
}

/// <summary>号码能力查询: answers from the platform's capability table, narrowed to a template's vendors when one is named.</summary>
public sealed class CapabilityService(AccessGuard guard, TenantDb dbs, CapabilityKeys keys, IStringLocalizer<SharedResource> l)
{
    /// <summary>The demo numbers, for the demo account once the demo data put them in the table (the page names them as examples).</summary>
    public async Task<IReadOnlyList<string>> DemoNumbersAsync(CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.CapabilityCheck, ct);
        if (!auth.IsSuccess)
        {
            return [];
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        if (!await db.Accounts.AnyAsync(a => a.Id == auth.Value.AccountId && a.IsDemo, ct))
        {
            return [];
        }

        var key = (await keys.GetAsync(ct)).Of(CapabilityDemoData.Sha1(CapabilityDemoData.Numbers[0].Number));
        return await db.MobileCapabilities.AnyAsync(c => c.NumberKey == key, ct) ? [.. CapabilityDemoData.Numbers.Select(n => n.Number)] : [];
    }

    public async Task<Result<CapabilityAnswer>> CheckAsync(CapabilityQuery query, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.CapabilityCheck, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var errors = new List<FieldError>();
        var entries = MobileNumbers.Entries(query.Numbers);
        var parsed = entries.Select(e => (e.Line, e.Text, Parsed: MobileNumbers.Parse(e.Text, query.Alg))).ToList();
        if (entries.Count == 0)
        {
            errors.Add(new(nameof(CapabilityQuery.Numbers), l["Validation.Required", l["Field.Mobiles"]]));
        }
        else if (entries.Count > MobileNumbers.CountMax)
        {
            errors.Add(new(nameof(CapabilityQuery.Numbers), l["Capability.TooMany", MobileNumbers.CountMax, entries.Count]));
        }

        errors.AddRange(parsed.Where(p => p.Parsed.Problem is not null)
            .Select(p => new FieldError(nameof(CapabilityQuery.Numbers), l["Capability.BadLine", p.Line, p.Text, l[$"NumberProblem.{p.Parsed.Problem}"]])));

        var tplId = query.TplId?.Trim();
        if (!string.IsNullOrEmpty(tplId) && (tplId.Length != AimTemplate.TplIdLength || !tplId.All(char.IsAsciiDigit)))
        {
            errors.Add(new(nameof(CapabilityQuery.TplId), l["Capability.TplIdFormat", AimTemplate.TplIdLength]));
        }

        if (errors.Count > 0)
        {
            return new KmError(ErrorCodes.InvalidParameter, errors[0].Message) { Fields = errors };
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        IReadOnlyList<Vendor> scope = Enum.GetValues<Vendor>();
        if (!string.IsNullOrEmpty(tplId))
        {
            var template = await db.AimTemplates.AsNoTracking().Where(t => t.TplId == tplId && t.ApprovedVersionId != null)
                .Select(t => new { t.Id, t.ApprovedVersionId }).SingleOrDefaultAsync(ct);
            if (template is null)
            {
                return new KmError(ErrorCodes.NotFound, l["Capability.TemplateNotApproved", tplId]).OnField(nameof(CapabilityQuery.TplId));
            }

            // The vendors that render the template: those that activated its approved version.
            scope = await db.AimTemplateVendors.AsNoTracking()
                .Where(v => v.VersionId == template.ApprovedVersionId && v.State == VendorActivationState.Activated)
                .Select(v => v.Vendor).Distinct().ToListAsync(ct);
            scope = [.. scope.Order()];
        }

        var hasher = await keys.GetAsync(ct);
        var keyed = parsed.Select(p => (p.Line, p.Text, Key: hasher.Of(p.Parsed.Sha1!))).ToList();
        var wanted = keyed.Select(k => k.Key).ToList();
        var rows = new List<MobileCapability>();
        foreach (var key in wanted.DistinctBy(Convert.ToHexString))
        {
            // One indexed lookup per number (at most 100): SQLite compares blobs by value, a parameterized list of blobs it cannot.
            rows.AddRange(await db.MobileCapabilities.AsNoTracking().Where(c => c.NumberKey == key).ToListAsync(ct));
        }

        var byKey = rows.Where(r => scope.Contains(r.Vendor)).ToLookup(r => Convert.ToHexString(r.NumberKey));
        var answers = keyed.Select(k => new NumberAnswer(k.Line, k.Text,
            [.. byKey[Convert.ToHexString(k.Key)].OrderBy(r => r.Vendor).Select(r => new VendorAnswer(r.Vendor, r.Capable, r.Source, r.UpdatedAt))])).ToList();
        return new CapabilityAnswer(string.IsNullOrEmpty(tplId) ? null : tplId, scope, answers);
    }
}
