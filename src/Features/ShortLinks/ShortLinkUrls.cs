using QRCoder;

namespace KooMessage.Console.Features.ShortLinks;

/// <summary>aim_url as it goes into an SMS (host and path without scheme, e.g. <c>km2g.cn/PDiWqc</c>), and its QR code.</summary>
public static class ShortLinkUrls
{
    /// <summary>The link's address: the platform domain's, else the configured default host's or the console's own (<paramref name="consoleBase"/>) under the prefix.</summary>
    public static string AimUrl(string? domain, string code, ShortLinkOptions options, string consoleBase)
    {
        if (domain is not null)
        {
            return $"{domain}/{code}";
        }

        var host = options.DefaultHost is { Length: > 0 } configured ? configured.TrimEnd('/') : new Uri(consoleBase).Authority;
        return $"{host}{options.NormalizedPrefix}/{code}";
    }

    /// <summary>A PNG QR code of the link's https address, as a data URI for an img element.</summary>
    public static string QrDataUri(string aimUrl, string scheme)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode($"{scheme}://{aimUrl}", QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
