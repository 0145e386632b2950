using KooMessage.Console.Common.Data;
using KooMessage.Console.Features.ServiceNumbers;

namespace KooMessage.Console.Features.ChannelNumbers;

/// <summary>
/// 通道号: an SMS channel number (port) the account registers with its signatures and proofs, reviewed before it can be
/// bound to a service number by region (fields as OAS RegisterPort / ListPortInfos).
/// </summary>
public sealed class ChannelNumber : ITenantOwned
{
    public const int NumberMax = 21;
    public const int SuffixLength = 5;
    public const int SignaturesMax = 5;
    public const int SignatureMin = 2;
    public const int SignatureMax = 18;
    public const int ProofsMax = 5;
    public const long ProofsBytesMax = 4 * 1024 * 1024;
    public const int ReviewDescMax = 500;

    /// <summary>How the signatures are kept in one column: one per line, so a LIKE finds one of them by part of it.</summary>
    public const char SignatureSeparator = '\n';

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>port: digits only, ≤ 21 (exactly 5 for a suffix range); unique within the account.</summary>
    public string Number { get; set; } = "";

    public ChannelNumberType Type { get; set; } = ChannelNumberType.Normal;

    /// <summary>sign: the signatures (NFKC-normalized, 2–18 each, ≤ 5), one per line.</summary>
    public string Signatures { get; set; } = "";

    /// <summary>sign_check: 1 校验签名 (required for prefix and suffix ranges), 0 不校验.</summary>
    public bool SignCheck { get; set; }

    public ApproveState ApproveState { get; set; } = ApproveState.Reviewing;

    public string? ReviewDesc { get; set; }

    /// <summary>The import job that added it, if one did (a rerun of that job skips the numbers it finds).</summary>
    public Guid? ImportJobId { get; set; }

    /// <summary>Raised by every write; a write names the version it was decided on and is refused when another came first.</summary>
    public int Version { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ChannelNumberFile> Proofs { get; set; } = [];

    public IReadOnlyList<string> SignatureList => Split(Signatures);

    public static string Join(IEnumerable<string> signatures) => string.Join(SignatureSeparator, signatures);

    public static IReadOnlyList<string> Split(string signatures) =>
        signatures.Length == 0 ? [] : signatures.Split(SignatureSeparator);
}

/// <summary>授权证明: a proof image of a channel number, kept in the file store.</summary>
public sealed class ChannelNumberFile : ITenantOwned
{
    public long Id { get; set; }

    public Guid AccountId { get; set; }

    public Guid ChannelNumberId { get; set; }

    public Guid FileId { get; set; }
}

/// <summary>
/// A channel number bound to a service number for a region (OAS LockPort): the signatures it carries there are a
/// subset of the port's, and the regions of one port's bindings do not overlap. Unbinding deletes the row (UnlockPort).
/// </summary>
public sealed class ChannelBinding : ITenantOwned
{
    public const int RegionMax = 500;
    public const int MerchantMax = 128;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid ChannelNumberId { get; set; }

    public Guid ServiceNumberId { get; set; }

    /// <summary>The region's <see cref="ServiceNumbers.Regions.RegionScope.Code"/>: 0, 44 or 44:4401,4403.</summary>
    public string Region { get; set; } = "";

    /// <summary>The signatures bound, one per line (a subset of the port's).</summary>
    public string Signatures { get; set; } = "";

    /// <summary>商家名称 when bound: the account's approved enterprise filing's name (the account's name without one).</summary>
    public string MerchantName { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<string> SignatureList => ChannelNumber.Split(Signatures);
}

/// <summary>port_type: 1 普通 / 3 前缀号段 / 5 后缀号段 (stored by the reference's numbers).</summary>
public enum ChannelNumberType
{
    Normal = 1,
    Prefix = 3,
    Suffix = 5,
}
