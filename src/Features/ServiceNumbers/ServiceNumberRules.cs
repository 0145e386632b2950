using System.Globalization;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.ServiceNumbers.Regions;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>The service-number rules that are not a single field's length: names, regions, text width, and which state allows what.</summary>
public static class ServiceNumberRules
{
    public const int SignaturesMax = 5;
    public const int SignatureNameMin = 2;
    public const int SignatureNameMax = 18;
    public const int AuthorizationFilesMax = 6;
    public const long AuthorizationBytesMax = 4 * 1024 * 1024;
    public const int ChangeReasonMin = 1;

    /// <summary>
    /// Whether a name and remark clash with another service number of the same account: a repeated name needs another
    /// remark. Both are compared as stored (<see cref="TextNormalizer.Name"/>: NFKC, spaces folded).
    /// </summary>
    public static bool ClashesWithinAccount(string name, string remark, IEnumerable<(string Name, string Remark)> others)
    {
        var (n, r) = (TextNormalizer.Name(name), TextNormalizer.Name(remark));
        return others.Any(o => TextNormalizer.Name(o.Name) == n && TextNormalizer.Name(o.Remark) == r);
    }

    /// <summary>The first two signatures (by position) whose regions overlap, or null when every region stands apart.</summary>
    public static (int First, int Second)? FirstOverlap(IReadOnlyList<RegionScope> regions)
    {
        for (var i = 0; i < regions.Count; i++)
        {
            for (var j = i + 1; j < regions.Count; j++)
            {
                if (regions[i].Overlaps(regions[j]))
                {
                    return (i, j);
                }
            }
        }

        return null;
    }

    /// <summary>A text's length as KooMessage counts it where "中文占2个字符": characters beyond ASCII count two.</summary>
    public static int Width(string? text)
    {
        var width = 0;
        var e = StringInfo.GetTextElementEnumerator(text ?? "");
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            width += element.Length == 1 && element[0] <= 0x7F ? 1 : 2;
        }

        return width;
    }

    /// <summary>A hotline: 1–20 characters, digits and "-", starting and ending with a digit (OAS TelModel).</summary>
    public static bool IsHotline(string? tel) =>
        tel is { Length: >= 1 and <= 20 } && char.IsAsciiDigit(tel[0]) && char.IsAsciiDigit(tel[^1]) && tel.All(c => char.IsAsciiDigit(c) || c == '-');

    /// <summary>A quick app's deeplink: <c>hap://app/…</c>, at most 1000 characters.</summary>
    public static bool IsDeeplink(string? link) =>
        link is { Length: > 10 and <= 1000 } && link.StartsWith("hap://app/", StringComparison.Ordinal) && !link.Any(char.IsWhiteSpace);

    /// <summary>The profile may be edited: not frozen and not already in review.</summary>
    public static bool CanEditProfile(ServiceNumberState state, ApproveState approve) =>
        state != ServiceNumberState.Frozen && state != ServiceNumberState.Expired && approve != ApproveState.Reviewing;

    /// <summary>Freezing takes a live service number out of service at once.</summary>
    public static bool CanFreeze(ServiceNumberState state) => state == ServiceNumberState.Active;

    /// <summary>Unfreezing is asked for (and reviewed) while frozen and no request waits.</summary>
    public static bool CanRequestUnfreeze(ServiceNumberState state, ApproveState approve) =>
        state == ServiceNumberState.Frozen && approve != ApproveState.Reviewing;

    /// <summary>The homepage may be edited unless the service number is frozen or the homepage is in review.</summary>
    public static bool CanEditHomepage(ServiceNumberState numberState, ApproveState homepageApprove) =>
        numberState is not (ServiceNumberState.Frozen or ServiceNumberState.Expired) && homepageApprove != ApproveState.Reviewing;

    /// <summary>催审 of a homepage: it is in review and its service number has been approved.</summary>
    public static bool CanUrgeHomepage(bool numberApproved, ApproveState homepageApprove) => numberApproved && homepageApprove == ApproveState.Reviewing;
}
