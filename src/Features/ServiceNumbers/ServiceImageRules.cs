using KooMessage.Console.Common.Files;

namespace KooMessage.Console.Features.ServiceNumbers;

/// <summary>
/// What each image resource type accepts (OAS UploadMedia): its formats, bytes, ratio and least pixels. The facts
/// checked here are read from the file (its first bytes and ImageSharp's decoding), never from the request.
/// </summary>
public sealed record ServiceImageRule(ServiceImageType Type, UploadRule Upload, int RatioWidth, int RatioHeight, int MinWidth, int MinHeight)
{
    public bool HasRatio => RatioWidth > 0;

    public string RatioText => $"{RatioWidth}:{RatioHeight}";
}

/// <summary>One reason an image is refused: a resource key and its arguments (the service puts it into words).</summary>
public sealed record ImageRefusal(string Key, object[] Args);

public static class ServiceImageRules
{
    public const long LogoMaxBytes = 100 * 1024;
    public const long FourMegabytes = 4 * 1024 * 1024;

    /// <summary>How far width:height may be from the ratio and still count as it (a 1441×810 picture is 16:9).</summary>
    public const double RatioTolerance = 0.01;

    /// <summary>The most pixels a picture may have, as the material library: each is decoded once to prove it is one.</summary>
    public const long MaxPixels = 40_000_000;

    private static readonly FileKind[] Pictures = [FileKind.Jpeg, FileKind.Png, FileKind.Bmp];

    public static readonly IReadOnlyDictionary<ServiceImageType, ServiceImageRule> All = new Dictionary<ServiceImageType, ServiceImageRule>
    {
        [ServiceImageType.PubLogo] = new(ServiceImageType.PubLogo, new("ServiceImageType.PubLogo", Pictures, LogoMaxBytes), 1, 1, 240, 240),
        [ServiceImageType.BgImage] = new(ServiceImageType.BgImage, new("ServiceImageType.BgImage", Pictures, FourMegabytes), 16, 9, 1440, 810),
        [ServiceImageType.FastAppLogo] = new(ServiceImageType.FastAppLogo, new("ServiceImageType.FastAppLogo", Pictures, FourMegabytes), 1, 1, 192, 192),

        // Licences and authorization letters: any picture up to the total an authorization set may hold.
        [ServiceImageType.Other] = new(ServiceImageType.Other, new("ServiceImageType.Other", Pictures, FourMegabytes), 0, 0, 1, 1),
    };

    public static ServiceImageRule For(ServiceImageType type) => All[type];

    /// <summary>
    /// Every refusal of a picture of this kind, bytes and pixels for <paramref name="type"/> (empty: accepted). Pixels
    /// are null when the file could not be decoded as a picture.
    /// </summary>
    public static IReadOnlyList<ImageRefusal> Check(ServiceImageType type, string fileName, FileKind kind, long size, (int Width, int Height)? pixels)
    {
        var rule = For(type);
        var refusals = new List<ImageRefusal>();
        if (!rule.Upload.Kinds.Contains(kind))
        {
            refusals.Add(new("ServiceImages.WrongFormat", [fileName, rule.Upload.Accept]));
            return refusals;
        }

        if (size <= 0 || size > rule.Upload.MaxBytes)
        {
            // A longer upload is cut at the limit while it is staged: there are no pixels left to read.
            refusals.Add(new("ServiceImages.TooLarge", [fileName, Common.Text.FileSizes.Text(rule.Upload.MaxBytes)]));
            return refusals;
        }

        if (pixels is not { } p)
        {
            refusals.Add(new("ServiceImages.Unreadable", [fileName]));
            return refusals;
        }

        if ((long)p.Width * p.Height > MaxPixels)
        {
            refusals.Add(new("ServiceImages.TooManyPixels", [fileName, p.Width, p.Height]));
            return refusals;
        }

        if (rule.HasRatio && !HasRatio(p.Width, p.Height, rule.RatioWidth, rule.RatioHeight))
        {
            refusals.Add(new("ServiceImages.WrongRatio", [fileName, p.Width, p.Height, rule.RatioText]));
        }

        if (p.Width < rule.MinWidth || p.Height < rule.MinHeight)
        {
            refusals.Add(new("ServiceImages.TooSmall", [fileName, p.Width, p.Height, rule.MinWidth, rule.MinHeight]));
        }

        return refusals;
    }

    public static bool HasRatio(int width, int height, int ratioWidth, int ratioHeight)
    {
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        var exact = (double)ratioWidth / ratioHeight;
        return Math.Abs(((double)width / height) - exact) <= exact * RatioTolerance;
    }
}
