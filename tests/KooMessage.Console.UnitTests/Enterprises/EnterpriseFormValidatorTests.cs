using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Features.Enterprises;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Enterprises;

public sealed class EnterpriseFormValidatorTests
{
    private static readonly IValidator<EnterpriseForm> Validator = PlainServices.Services.GetRequiredService<IValidator<EnterpriseForm>>();

    private static EnterpriseForm Valid() => new()
    {
        CertificateType = CertificateType.ThreeInOne, Name = "星河科技有限公司", CreditCode = "914403001922038216", ContactName = "李雷",
        ContactPhone = "13800138000", ContactEmail = "lilei@example.com", EnterpriseType = EnterpriseType.LimitedLiability, Industry = Industry.Social,
        Scenarios = FilingScenarios.Aim,
    };

    private static bool Passes(EnterpriseForm form, string property) =>
        Validator.Validate(form).Errors.All(e => e.PropertyName != property);

    private static FluentValidation.Results.ValidationResult Submitting(EnterpriseForm form) =>
        Validator.Validate(ValidationContext<EnterpriseForm>.CreateWithOptions(form, o => o.IncludeRuleSets([.. EnterpriseFormValidator.SubmitRuleSets])));

    private static EnterpriseForm Empty() => new() { Scenarios = FilingScenarios.None };

    [Fact]
    public void Validate_ValidForm_PassesAsDraftAndSubmission()
    {
        Assert.True(Validator.Validate(Valid()).IsValid);
        Assert.True(Submitting(Valid()).IsValid);
    }

    [Fact]
    public void Validate_EmptyDraft_Passes()
    {
        Assert.True(Validator.Validate(Empty()).IsValid);
    }

    [Fact]
    public void Validate_EmptySubmission_OneRequiredErrorPerField()
    {
        using var chinese = CultureScope.Use("zh-CN");

        var errors = Submitting(Empty()).Errors;

        string[] fields =
        [
            nameof(EnterpriseForm.Name), nameof(EnterpriseForm.CreditCode), nameof(EnterpriseForm.ContactName), nameof(EnterpriseForm.ContactPhone),
            nameof(EnterpriseForm.ContactEmail), nameof(EnterpriseForm.EnterpriseType), nameof(EnterpriseForm.Industry), nameof(EnterpriseForm.Scenarios),
        ];
        Assert.Equal(fields.Order(), errors.Select(e => e.PropertyName).Order());
        Assert.Equal("请填写统一社会信用代码。", errors.Single(e => e.PropertyName == nameof(EnterpriseForm.CreditCode)).ErrorMessage);
    }

    [Fact]
    public async Task ForMudForm_EmptyField_RequiredOnlyWhenSubmittingAndOnlyItsOwnMessage()
    {
        using var chinese = CultureScope.Use("zh-CN");
        var submitting = false;
        var validate = Validator.ForMudForm(() => submitting ? EnterpriseFormValidator.SubmitRuleSets : EnterpriseFormValidator.DraftRuleSets);

        var asDraft = await validate(Empty(), nameof(EnterpriseForm.ContactName));
        submitting = true;
        var asSubmission = await validate(Empty(), nameof(EnterpriseForm.ContactName));

        Assert.Empty(asDraft);
        Assert.Equal(["请填写企业联系人。"], asSubmission);
    }

    [Fact]
    public void Validate_DraftWithWrongValues_RefusedForWhatIsFilledIn()
    {
        var form = Empty();
        form.CreditCode = "914403001922038210";
        form.ContactPhone = "12345";

        var errors = Validator.Validate(form).Errors;

        Assert.Equal([nameof(EnterpriseForm.ContactPhone), nameof(EnterpriseForm.CreditCode)], errors.Select(e => e.PropertyName).Order());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_NameLength_TwoToHundred(int length, bool valid)
    {
        var form = Valid();
        form.Name = new string('企', length);

        Assert.Equal(valid, Passes(form, nameof(form.Name)));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void Validate_ContactLength_TwoToThirty(int length, bool valid)
    {
        var form = Valid();
        form.ContactName = new string('李', length);

        Assert.Equal(valid, Passes(form, nameof(form.ContactName)));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_EmailLength_AtMostHundred(int length, bool valid)
    {
        var form = Valid();
        form.ContactEmail = new string('a', length - "@example.com".Length) + "@example.com";

        Assert.Equal(valid, Passes(form, nameof(form.ContactEmail)));
    }

    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("0755-12345678", true)]
    [InlineData("01012345678", true)]
    [InlineData("010-1234567-123", true)]
    [InlineData("12800138000", false)]
    [InlineData("1380013800", false)]
    [InlineData("755-12345678", false)]
    [InlineData("+8613800138000", false)]
    public void Validate_Phone_MobileOrLandline(string phone, bool valid)
    {
        var form = Valid();
        form.ContactPhone = phone;

        Assert.Equal(valid, Passes(form, nameof(form.ContactPhone)));
    }

    [Fact]
    public void Validate_NonProfitWithUscc_RefusedAsOrganizationCode()
    {
        var form = Valid();
        form.CertificateType = CertificateType.NonProfit;

        using var chinese = CultureScope.Use("zh-CN");
        var errors = Validator.Validate(form).Errors.Where(e => e.PropertyName == nameof(form.CreditCode)).ToList();

        Assert.Single(errors);
        Assert.StartsWith("组织机构代码无效", errors[0].ErrorMessage, StringComparison.Ordinal);
        form.CreditCode = "192203821";
        Assert.True(Passes(form, nameof(form.CreditCode)));
    }

    [Fact]
    public void CreditCode_TypedLowercase_StoredUppercase()
    {
        var form = Valid();
        form.CreditCode = " 91110000802100433b ";

        Assert.Equal("91110000802100433B", form.CreditCode);
        Assert.True(Passes(form, nameof(form.CreditCode)));
    }

    [Theory]
    [InlineData(FilingScenarios.None, false)]
    [InlineData(FilingScenarios.Aim | FilingScenarios.Basic, true)]
    [InlineData((FilingScenarios)8, false)]
    public void Validate_SubmittedScenarios_AtLeastOneKnown(FilingScenarios scenarios, bool valid)
    {
        var form = Valid();
        form.Scenarios = scenarios;

        Assert.Equal(valid, Submitting(form).Errors.All(e => e.PropertyName != nameof(form.Scenarios)));
    }

    [Fact]
    public void Validate_TypeOrIndustryUnknown_RefusedEvenInADraft()
    {
        var form = Valid();
        form.EnterpriseType = (EnterpriseType)99;
        form.Industry = (Industry)99;

        Assert.False(Passes(form, nameof(form.EnterpriseType)));
        Assert.False(Passes(form, nameof(form.Industry)));
    }

    [Fact]
    public void Validate_TypeOrIndustryNotChosen_DraftPassesSubmissionRefused()
    {
        var form = Valid();
        form.EnterpriseType = null;
        form.Industry = null;

        Assert.True(Validator.Validate(form).IsValid);
        Assert.Equal([nameof(form.EnterpriseType), nameof(form.Industry)], Submitting(form).Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public void MaterialCatalog_TwoScenarios_EachKindOnceRequiredIfAnyRequires()
    {
        var materials = MaterialCatalog.For(FilingScenarios.Aim | FilingScenarios.ServiceNumber);

        Assert.Equal(materials.Count, materials.Select(m => m.Kind).Distinct().Count());
        Assert.True(materials.Single(m => m.Kind == MaterialKind.CompanyRelationAuthorization).Required);
        Assert.False(materials.Single(m => m.Kind == MaterialKind.SpecialMaterials).Required);
        Assert.True(MaterialCatalog.For(FilingScenarios.Aim).All(m => m.Kind != MaterialKind.HuaweiAuthorization));
    }
}
