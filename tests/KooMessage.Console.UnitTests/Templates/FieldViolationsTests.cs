using KooMessage.Console.Features.Templates.Builder;
using KooMessage.Console.Features.Templates.Checks;
using KooMessage.Console.Features.Templates.Document;
using KooMessage.Console.Features.Templates.Rules;
using KooMessage.Console.Resources;
using KooMessage.Console.Tests;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.UnitTests.Templates;

/// <summary>The check's messages at the builder field they are about, each said once with the vendors it concerns.</summary>
public sealed class FieldViolationsTests
{
    private static readonly IStringLocalizer L =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    [Fact]
    public void At_ATitleTooLongForSomeVendors_IsOneMessagePerTextWithThoseVendors()
    {
        using var culture = CultureScope.Use("zh-CN");
        var document = TemplateSamples.For("StandardImageAndText");
        var (index, title) = TemplateSamples.First(document, ContentType.Text, title: true);
        document = document.WithContent(0, index, title with { Content = new string('长', 40) });
        var check = TemplateCheck.Run(document);

        var messages = FieldViolations.At(check, document, L, 0, index, "content");

        var vendorsWithErrors = check.Vendors.Where(v => document.TargetVendors.Contains(v.Key)).Where(v => v.Value.Any(x => x.Path.Content == index && x.Rule == RuleCodes.TextTooLong)).Select(v => v.Key).Order().ToList();
        Assert.NotEmpty(vendorsWithErrors);
        Assert.Equal(vendorsWithErrors, messages.Where(m => m.Vendors.Count > 0).SelectMany(m => m.Vendors).Order());
        Assert.Equal(messages.Count, messages.Select(m => (m.Text, m.Severity)).Distinct().Count());
        Assert.All(messages.Where(m => m.Vendors.Count > 0), m => Assert.StartsWith(L["TemplatePreview.Vendor." + m.Vendors[0]], FieldViolations.Label(m, L)));
        Assert.Empty(FieldViolations.At(check, document, L, 0, index, "src"));
    }

    [Fact]
    public void AtSetting_AnEmptyName_IsTheFieldsErrorText()
    {
        using var culture = CultureScope.Use("zh-CN");
        var document = TemplateSamples.For("StandardImageAndText") with { Name = "" };
        var check = TemplateCheck.Run(document);

        var messages = FieldViolations.AtSetting(check, document, L, "tpl_name");

        Assert.NotNull(FieldViolations.ErrorText(messages, L));
        Assert.Null(FieldViolations.ErrorText(FieldViolations.AtSetting(check, document, L, "sms_example"), L));
    }

    [Fact]
    public void AtZone_AMissingPicture_IsSaidAtTheZoneInTheUsersLanguage()
    {
        using var culture = CultureScope.Use("zh-CN");
        var document = TemplateSamples.For("StandardImageAndText");
        document = document.WithPage(0, document.Pages[0] with { Contents = document.Pages[0].Contents.RemoveAll(c => c.Type == ContentType.Image) });

        var messages = FieldViolations.AtZone(TemplateCheck.Run(document), document, L, 0, "image");

        var message = Assert.Single(messages);
        Assert.StartsWith("图片：", message.Text, StringComparison.Ordinal);
        Assert.Empty(FieldViolations.AtZone(TemplateCheck.Run(document), document, L, 0, "title"));
    }

    [Fact]
    public void At_AVendorNotTargeted_IsLeftToItsPreview()
    {
        using var culture = CultureScope.Use("zh-CN");
        var document = TemplateSamples.For("StandardImageAndText").WithVendors(Vendor.Xiaomi);
        var (index, title) = TemplateSamples.First(document, ContentType.Text, title: true);
        document = document.WithContent(0, index, title with { Content = new string('长', 20) });
        var check = TemplateCheck.Run(document);
        Assert.Contains(check.Vendors[Vendor.Huawei], v => v.Path.Content == index && v.Rule == RuleCodes.TextTooLong);

        var messages = FieldViolations.At(check, document, L, 0, index, "content");

        Assert.DoesNotContain(messages, m => m.Vendors.Contains(Vendor.Huawei));
        Assert.Equal(0, FieldViolations.ErrorCount(check, document, 0, index));
    }
}
