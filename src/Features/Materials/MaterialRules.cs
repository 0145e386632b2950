using KooMessage.Console.Common.Files;

namespace KooMessage.Console.Features.Materials;

/// <summary>
/// What the library accepts (UploadAimTemplateMaterial): pictures png/jpeg/jpg up to 2 MB in one of the template
/// ratios, videos mp4 up to 7 MB with a cover picture up to 100 KB. A ratio is matched within 1 % of the exact one.
/// </summary>
public static class MaterialRules
{
    public const long VideoMaxBytes = 7 * 1024 * 1024;
    public const long CoverMaxBytes = 100 * 1024;

    /// <summary>
    /// The most pixels a picture may have (the console's choice; KooMessage names none): every picture is decoded once to
    /// prove it is one, and this keeps a small file that unpacks into a huge picture from taking the server's memory.
    /// </summary>
    public const long MaxPixels = 12_000_000;

    /// <summary>Pictures decoded at once, across the process: each may take a few dozen megabytes while it is checked.</summary>
    public const int ConcurrentDecodes = 2;

    /// <summary>How far a picture's width:height may be from a ratio and still count as it.</summary>
    public const double RatioTolerance = 0.01;

    public static readonly UploadRule Image = new("Field.MaterialFile", [FileKind.Png, FileKind.Jpeg], UploadRule.TwoMegabytes);
    public static readonly UploadRule Video = new("Field.MaterialVideo", [FileKind.Mp4], VideoMaxBytes);
    public static readonly UploadRule Cover = new("Field.MaterialCover", [FileKind.Png, FileKind.Jpeg], CoverMaxBytes);

    public static readonly IReadOnlyList<(ImageRatio Ratio, int Width, int Height)> Ratios =
    [
        (ImageRatio.OneToOne, 1, 1),
        (ImageRatio.SixteenToNine, 16, 9),
        (ImageRatio.ThreeToOne, 3, 1),
        (ImageRatio.FortyEightToSixtyFive, 48, 65),
        (ImageRatio.TwentyOneToNine, 21, 9),
        (ImageRatio.ThreeToFour, 3, 4),
    ];

    /// <summary>The template ratio a picture of these pixels has, or null when it has none of them.</summary>
    public static ImageRatio? RatioOf(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            return null;
        }

        var actual = (double)width / height;
        foreach (var (ratio, w, h) in Ratios)
        {
            var exact = (double)w / h;
            if (Math.Abs(actual - exact) <= exact * RatioTolerance)
            {
                return ratio;
            }
        }

        return null;
    }

    public static string Text(ImageRatio ratio)
    {
        var (_, w, h) = Ratios.Single(r => r.Ratio == ratio);
        return $"{w}:{h}";
    }
}
