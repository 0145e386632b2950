using System.Globalization;
using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Packages;

public enum WalletPostingKind
{
    /// <summary>充值: money received, credited.</summary>
    TopUp,

    /// <summary>A manual credit (调增), reason required.</summary>
    Credit,

    /// <summary>A manual debit (调减), reason required.</summary>
    Debit,
}

/// <summary>A top-up or manual adjustment of one account's balance, made on the wallet version the administrator saw.</summary>
public sealed class WalletPostingForm
{
    public WalletPostingKind Kind { get; set; }

    /// <summary>In yuan as typed (at most two decimals), always positive: the kind gives the sign.</summary>
    public string Amount { get; set; } = "";

    public string? Reason { get; set; }

    public int ExpectedVersion { get; set; }
}

public sealed class WalletPostingFormValidator : AbstractValidator<WalletPostingForm>
{
    public WalletPostingFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Amount).Must(a => Money.TryParseYuan(a, out var fen) && fen > 0)
            .WithMessage(_ => l["PlatformBilling.AmountInvalid"]);
        RuleFor(x => TextNormalizer.Visible(x.Reason).Trim()).Cascade(CascadeMode.Stop)
            .NotEmpty().When(x => x.Kind != WalletPostingKind.TopUp).WithMessage(_ => l["Validation.Required", l["PlatformBilling.Reason"]])
            .MaximumLength(LedgerEntry.ReasonMax).WithMessage(_ => l["Validation.Length", l["PlatformBilling.Reason"], 1, LedgerEntry.ReasonMax])
            .OverridePropertyName(nameof(WalletPostingForm.Reason));
    }
}

/// <summary>A spec of the catalog, added or edited (price and name; units and family only while nothing was sold).</summary>
public sealed class SpecForm
{
    public Guid? Id { get; set; }

    public PackageFamily Family { get; set; } = PackageFamily.AimResolve;

    public string Name { get; set; } = "";

    public long Units { get; set; }

    /// <summary>The price of one package in yuan as typed.</summary>
    public string Price { get; set; } = "";

    public int ValidityMonths { get; set; } = 12;

    public int Version { get; set; }
}

public sealed class SpecFormValidator : AbstractValidator<SpecForm>
{
    public const int MonthsMax = 36;
    public const long UnitsMax = 1_000_000_000;

    public SpecFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => TextNormalizer.Name(x.Name)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["PlatformBilling.SpecName"]])
            .MaximumLength(PackageSpec.NameMax).WithMessage(_ => l["Validation.Length", l["PlatformBilling.SpecName"], 1, PackageSpec.NameMax])
            .OverridePropertyName(nameof(SpecForm.Name));
        RuleFor(x => x.Units).InclusiveBetween(1, UnitsMax).WithMessage(_ => l["PlatformBilling.UnitsInvalid", UnitsMax]);
        RuleFor(x => x.Price).Must(p => Money.TryParseYuan(p, out var fen) && fen > 0).WithMessage(_ => l["PlatformBilling.AmountInvalid"]);
        RuleFor(x => x.ValidityMonths).InclusiveBetween(1, MonthsMax).WithMessage(_ => l["PlatformBilling.MonthsInvalid", MonthsMax]);
    }
}

/// <summary>A new on-demand unit price for an item, in force from the start of a future day (history is never edited).</summary>
public sealed class UnitPriceForm
{
    public BillingItem Item { get; set; } = BillingItem.Resolve;

    /// <summary>In yuan as typed, at most four decimals (0.0001 CNY).</summary>
    public string Price { get; set; } = "";

    /// <summary>The day (platform calendar) from whose start the price applies.</summary>
    public DateTime? EffectiveFrom { get; set; }
}

public sealed class UnitPriceFormValidator : AbstractValidator<UnitPriceForm>
{
    public UnitPriceFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Price).Must(p => UnitPrices.TryParse(p, out var units) && units >= 0).WithMessage(_ => l["PlatformBilling.UnitPriceInvalid"]);
        RuleFor(x => x.EffectiveFrom).NotNull().WithMessage(_ => l["Validation.Required", l["PlatformBilling.EffectiveFrom"]]);
    }
}

public static class UnitPrices
{
    /// <summary>Parses a unit price in yuan (at most four decimals, up to ¥10,000) into 0.0001 CNY.</summary>
    public static bool TryParse(string? text, out long units)
    {
        units = 0;
        var trimmed = (text ?? "").Trim().Replace("¥", "", StringComparison.Ordinal);
        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)
            || decimal.Round(yuan, 4) != yuan || yuan > 10_000m)
        {
            return false;
        }

        units = (long)(yuan * Money.UnitsPerYuan);
        return true;
    }
}
