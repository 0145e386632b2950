using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Common.Text;

/// <summary>A list inside a sentence, joined as the user's language joins one ("、" in Chinese, ", " in English).</summary>
public static class ListText
{
    public static string JoinList(this IStringLocalizer l, IEnumerable<string> items) =>
        string.Join(l["Common.ListSeparator"].Value, items);
}
