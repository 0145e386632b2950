namespace KooMessage.Console.Features.Platform;

/// <summary>A word no tenant text may contain (signature names now; template texts later). Edited by the platform administrator.</summary>
public sealed class SensitiveWord
{
    public const int MaxLength = 20;

    public int Id { get; set; }

    public string Word { get; set; } = "";

    /// <summary>
    /// The default list: absolute terms China's Advertising Law (广告法 第九条) forbids in advertising. Seeded once by
    /// the migration; the administrator may remove or add words afterwards.
    /// </summary>
    public static readonly IReadOnlyList<string> Defaults =
    [
        "最高级", "最佳", "最好", "最优", "最先进", "最便宜", "国家级", "世界级", "全球级", "第一", "唯一", "首个",
        "顶级", "极品", "极致", "万能", "绝对", "永久", "祖传", "特供", "专供", "100%",
    ];
}
