using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.ServiceNumbers.Regions;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>Why a channel number or its signatures are refused; the form, the service and the import say it alike.</summary>
public enum ChannelProblem
{
    TypeUnknown,
    NumberMissing,
    NumberNotDigits,
    NumberTooLong,
    SuffixLength,
    SignaturesMissing,
    TooManySignatures,
    SignatureLength,
    SignatureRepeated,
    SignCheckRequired,

    /// <summary>An import row: the same number is on an earlier row (the argument is that row).</summary>
    DuplicateInFile,

    /// <summary>An import row: the account has the number already.</summary>
    Exists,

    /// <summary>An import row: 是否校验签名 is neither 1/是 nor 0/否.</summary>
    SignCheckUnreadable,
}

/// <summary>The rules of RegisterPort, as plain functions the validator, the service and the import share.</summary>
public static class ChannelNumberRules
{
    public static bool IsKnown(ChannelNumberType type) => Enum.IsDefined(type);

    /// <summary>Prefix and suffix ranges must have their signatures checked (sign_check = 1).</summary>
    public static bool NeedsSignCheck(ChannelNumberType type) => type is ChannelNumberType.Prefix or ChannelNumberType.Suffix;

    /// <summary>The number as stored: NFKC (full-width digits fold to ASCII), white space removed.</summary>
    public static string NormalizeNumber(string? number) => TextNormalizer.Compact(number);

    /// <summary>Digits only; ≤ 21, or exactly 5 for a suffix range. Null when the number is fine.</summary>
    public static ChannelProblem? CheckNumber(ChannelNumberType type, string number)
    {
        if (number.Length == 0)
        {
            return ChannelProblem.NumberMissing;
        }

        if (!number.All(char.IsAsciiDigit))
        {
            return ChannelProblem.NumberNotDigits;
        }

        if (type == ChannelNumberType.Suffix && number.Length != ChannelNumber.SuffixLength)
        {
            return ChannelProblem.SuffixLength;
        }

        return number.Length > ChannelNumber.NumberMax ? ChannelProblem.NumberTooLong : null;
    }

    /// <summary>The signatures as stored: each a normalized name, blanks dropped.</summary>
    public static IReadOnlyList<string> NormalizeSignatures(IEnumerable<string?> signatures) =>
        [.. signatures.Select(TextNormalizer.Name).Where(s => s.Length > 0)];

    /// <summary>1–5 signatures of 2–18 characters each, none twice (after normalizing). Null when they are fine.</summary>
    public static ChannelProblem? CheckSignatures(IReadOnlyList<string> normalized)
    {
        if (normalized.Count == 0)
        {
            return ChannelProblem.SignaturesMissing;
        }

        if (normalized.Count > ChannelNumber.SignaturesMax)
        {
            return ChannelProblem.TooManySignatures;
        }

        if (normalized.Any(s => s.Length is < ChannelNumber.SignatureMin or > ChannelNumber.SignatureMax))
        {
            return ChannelProblem.SignatureLength;
        }

        return normalized.Distinct(StringComparer.Ordinal).Count() != normalized.Count ? ChannelProblem.SignatureRepeated : null;
    }

    public static ChannelProblem? CheckSignCheck(ChannelNumberType type, bool signCheck) =>
        NeedsSignCheck(type) && !signCheck ? ChannelProblem.SignCheckRequired : null;

    /// <summary>The problem in the reader's words.</summary>
    public static string Describe(ChannelProblem problem, IStringLocalizer l, string argument = "") => problem switch
    {
        ChannelProblem.DuplicateInFile => l["ChannelNumbers.Import.Duplicate", argument],
        ChannelProblem.Exists => l["ChannelNumbers.Exists", argument],
        ChannelProblem.SignCheckUnreadable => l["ChannelNumbers.Import.SignCheckUnreadable", argument],
        ChannelProblem.TypeUnknown => l["ChannelNumbers.TypeUnknown"],
        ChannelProblem.NumberMissing => l["Validation.Required", l["ChannelNumbers.Number"]],
        ChannelProblem.NumberNotDigits => l["ChannelNumbers.NumberDigits"],
        ChannelProblem.NumberTooLong => l["ChannelNumbers.NumberTooLong", ChannelNumber.NumberMax],
        ChannelProblem.SuffixLength => l["ChannelNumbers.SuffixLength", ChannelNumber.SuffixLength],
        ChannelProblem.SignaturesMissing => l["Validation.Required", l["ChannelNumbers.Signatures"]],
        ChannelProblem.TooManySignatures => l["ChannelNumbers.TooManySignatures", ChannelNumber.SignaturesMax],
        ChannelProblem.SignatureLength => l["ChannelNumbers.SignatureLength", ChannelNumber.SignatureMin, ChannelNumber.SignatureMax],
        ChannelProblem.SignatureRepeated => l["ChannelNumbers.SignatureRepeated"],
        _ => l["ChannelNumbers.SignCheckRequired"],
    };

    /// <summary>The first binding of <paramref name="existing"/> whose region overlaps <paramref name="region"/>, if any.</summary>
    public static T? Overlapping<T>(RegionScope region, IEnumerable<T> existing, Func<T, RegionScope?> regionOf)
        where T : class =>
        existing.FirstOrDefault(b => regionOf(b) is { } other && other.Overlaps(region));
}

/// <summary>The channel number's fields as typed (OAS RegisterPort); proofs travel beside it.</summary>
public sealed class ChannelNumberForm
{
    public ChannelNumberType Type { get; set; } = ChannelNumberType.Normal;

    public string Number { get; set; } = "";

    public List<string> Signatures { get; set; } = [""];

    public bool SignCheck { get; set; }
}

public sealed class ChannelNumberFormValidator : AbstractValidator<ChannelNumberForm>
{
    public ChannelNumberFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Type).Must(ChannelNumberRules.IsKnown).WithMessage(_ => ChannelNumberRules.Describe(ChannelProblem.TypeUnknown, l));
        RuleFor(x => ChannelNumberRules.CheckNumber(x.Type, ChannelNumberRules.NormalizeNumber(x.Number)))
            .Null().WithMessage(x => ChannelNumberRules.Describe(ChannelNumberRules.CheckNumber(x.Type, ChannelNumberRules.NormalizeNumber(x.Number))!.Value, l))
            .OverridePropertyName(nameof(ChannelNumberForm.Number));
        RuleFor(x => ChannelNumberRules.CheckSignatures(ChannelNumberRules.NormalizeSignatures(x.Signatures)))
            .Null().WithMessage(x => ChannelNumberRules.Describe(ChannelNumberRules.CheckSignatures(ChannelNumberRules.NormalizeSignatures(x.Signatures))!.Value, l))
            .OverridePropertyName(nameof(ChannelNumberForm.Signatures));
        RuleFor(x => ChannelNumberRules.CheckSignCheck(x.Type, x.SignCheck))
            .Null().WithMessage(_ => ChannelNumberRules.Describe(ChannelProblem.SignCheckRequired, l))
            .OverridePropertyName(nameof(ChannelNumberForm.SignCheck));
    }
}

/// <summary>A binding as chosen (OAS LockPort): the port, the version of it the user saw, the service number, the region and the signatures.</summary>
public sealed class ChannelBindingForm
{
    public Guid ChannelNumberId { get; set; }

    public int Version { get; set; }

    public Guid? ServiceNumberId { get; set; }

    /// <summary>null: nothing chosen yet; <see cref="RegionScope.NationwideCode"/> for 全国; else a province's code.</summary>
    public string? ProvinceCode { get; set; }

    /// <summary>Some cities of the province; none: the whole province.</summary>
    public IReadOnlyCollection<string> CityCodes { get; set; } = [];

    public IReadOnlyCollection<string> Signatures { get; set; } = [];

    /// <summary>The region the choice names, or null when nothing (or something the data does not hold) is chosen.</summary>
    public RegionScope? Region(ChinaRegions regions) => ProvinceCode switch
    {
        null or "" => null,
        RegionScope.NationwideCode => RegionScope.Nationwide,
        _ => regions.Parse(CityCodes.Count == 0 ? ProvinceCode : $"{ProvinceCode}:{string.Join(',', CityCodes)}"),
    };
}
