using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Features.SmsTemplates;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.SmsTemplates;

public sealed class SmsTemplateRulesTests
{
    private static IServiceProvider Services => PlainServices.Services;

    private static IValidator<SmsTemplateForm> Validator => Services.GetRequiredService<IValidator<SmsTemplateForm>>();

    private static SmsTemplateForm Valid() => new()
    {
        Name = "会员通知", SignatureId = Guid.NewGuid(), Content = "您的权益已到账，点击 ${1} 查看。",
        Variables = [new SmsVariableForm { Index = 1, Type = SmsVariableType.NEWTEXT }],
    };

    private static IReadOnlyList<string> ErrorsAt(SmsTemplateForm form, string property) =>
        [.. Validator.Validate(form).Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage)];

    /// <summary>Variables 1..n where the first is the link and the others TEXT with a description, all written in the content.</summary>
    private static SmsTemplateForm WithVariables(int count)
    {
        var form = Valid();
        form.Variables = [.. Enumerable.Range(1, count).Select(i => new SmsVariableForm { Index = i, Type = i == 1 ? SmsVariableType.NEWTEXT : SmsVariableType.TEXT, Description = "说明" })];
        form.Content = string.Concat(Enumerable.Range(1, count).Select(i => $"第{i}项${{{i}}}"));
        return form;
    }

    [Fact]
    public void Validate_ValidForm_Passes() => Assert.True(Validator.Validate(Valid()).IsValid);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void Validate_NameLength_OneToThirty(int length, bool valid)
    {
        var form = Valid();
        form.Name = new string('模', length);

        Assert.Equal(valid, ErrorsAt(form, nameof(SmsTemplateForm.Name)).Count == 0);
    }

    [Fact]
    public void Validate_NameOfSpacesAndInvisibleCharacters_Required()
    {
        var form = Valid();
        form.Name = " \u200B\u3000 ";

        Assert.NotEmpty(ErrorsAt(form, nameof(SmsTemplateForm.Name)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Validate_ContentMinimum_OneCharacter(int length, bool valid)
    {
        var form = Valid();
        form.Content = new string('文', length);
        form.Variables = [];

        Assert.Equal(valid, ErrorsAt(form, nameof(SmsTemplateForm.Content)).Count == 0);
    }

    [Theory]
    [InlineData(499, true)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Validate_ContentMaximum_FiveHundredCharactersPlaceholderIncluded(int length, bool valid)
    {
        var form = Valid();
        form.Content = new string('文', length - 4) + "${1}";

        Assert.Equal(valid, ErrorsAt(form, nameof(SmsTemplateForm.Content)).Count == 0);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(20, true)]
    public void Validate_VariableCount_OneToTwenty(int count, bool valid)
    {
        var form = count == 0 ? Valid() : WithVariables(count);
        if (count == 0)
        {
            form.Variables = [];
            form.Content = "没有变量的内容";
        }

        Assert.Equal(valid, Validator.Validate(form).IsValid);
    }

    [Fact]
    public void Validate_TwentyOneVariables_RefusedAtTheList()
    {
        var form = WithVariables(20);
        form.Variables.Add(new SmsVariableForm { Index = 21, Type = SmsVariableType.TEXT, Description = "多一个" });

        Assert.NotEmpty(ErrorsAt(form, nameof(SmsTemplateForm.Variables)));
    }

    [Fact]
    public void Validate_NoShortLinkVariable_RefusedWithKooMessageCode()
    {
        var form = Valid();
        form.Variables = [new SmsVariableForm { Index = 1, Type = SmsVariableType.PHONE }];

        var result = Validator.Validate(form);

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(SmsTemplateForm.Variables) && e.ErrorCode == "KM.00001377");
    }

    [Fact]
    public void Validate_TwoShortLinkVariables_Refused()
    {
        var form = Valid();
        form.Content = "${1} 和 ${2}";
        form.Variables = [new SmsVariableForm { Index = 1, Type = SmsVariableType.NEWTEXT }, new SmsVariableForm { Index = 2, Type = SmsVariableType.NEWTEXT }];

        Assert.NotEmpty(ErrorsAt(form, nameof(SmsTemplateForm.Variables)));
    }

    [Fact]
    public void Validate_ShortLinkWrittenTwice_RefusedAtContent()
    {
        var form = Valid();
        form.Content = "${1} 再看 ${1}";

        Assert.NotEmpty(ErrorsAt(form, nameof(SmsTemplateForm.Content)));
    }

    [Fact]
    public void Validate_PlaceholderWithoutVariable_RefusedAtContentNamingIt()
    {
        var form = Valid();
        form.Content = "点击 ${1}，验证码 ${3}";

        var errors = ErrorsAt(form, nameof(SmsTemplateForm.Content));

        Assert.Contains("${3}", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_VariableNotInContent_RefusedAtContentNamingIt()
    {
        var form = Valid();
        form.Variables.Add(new SmsVariableForm { Index = 2, Type = SmsVariableType.MONEY });

        var errors = ErrorsAt(form, nameof(SmsTemplateForm.Content));

        Assert.Contains("${2}", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${name}")]
    [InlineData("${}")]
    [InlineData("${21}")]
    [InlineData("${0}")]
    [InlineData("${ 1}")]
    public void Validate_PlaceholderNotAnIndex_RefusedAsMalformed(string placeholder)
    {
        var form = Valid();
        form.Content = $"点击 ${{1}} {placeholder}";

        Assert.Contains(placeholder, Assert.Single(ErrorsAt(form, nameof(SmsTemplateForm.Content))), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TextVariableWithoutDescription_RefusedAtItsRow()
    {
        var form = Valid();
        form.Content = "点击 ${1} ${2}";
        form.Variables.Add(new SmsVariableForm { Index = 2, Type = SmsVariableType.TEXT, Description = " " });

        Assert.NotEmpty(ErrorsAt(form, SmsTemplateForm.RowField(1)));
        form.Variables[1].Description = "活动名称";
        Assert.Empty(ErrorsAt(form, SmsTemplateForm.RowField(1)));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_VariableDescription_AtMostHundred(int length, bool valid)
    {
        var form = Valid();
        form.Variables[0].Description = new string('说', length);

        Assert.Equal(valid, ErrorsAt(form, SmsTemplateForm.RowField(0)).Count == 0);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_Description_AtMostHundred(int length, bool valid)
    {
        var form = Valid();
        form.Description = new string('说', length);

        Assert.Equal(valid, ErrorsAt(form, nameof(SmsTemplateForm.Description)).Count == 0);
    }

    [Fact]
    public void Validate_SameIndexTwice_Refused()
    {
        var form = Valid();
        form.Variables.Add(new SmsVariableForm { Index = 1, Type = SmsVariableType.PHONE });

        Assert.NotEmpty(ErrorsAt(form, nameof(SmsTemplateForm.Variables)));
    }

    [Fact]
    public void Validate_NoSignature_Refused()
    {
        var form = Valid();
        form.SignatureId = null;

        Assert.NotEmpty(ErrorsAt(form, nameof(SmsTemplateForm.SignatureId)));
    }

    [Fact]
    public void Placeholders_MixedContent_IndexesInOrderAndMalformedAsNull()
    {
        var found = SmsTemplateRules.Placeholders("a ${2} b ${x} c ${1} ${2}");

        Assert.Equal([2, null, 1, 2], found.Select(p => p.Index));
        Assert.Equal(["${x}"], SmsTemplateRules.Malformed("a ${2} b ${x}"));
    }

    [Fact]
    public void NextIndex_GapsFilledFirstAndNoneAfterTwenty()
    {
        Assert.Equal(2, SmsTemplateRules.NextIndex("${1}${3}", [1, 3]));
        Assert.Null(SmsTemplateRules.NextIndex("", Enumerable.Range(1, 20)));
    }

    [Fact]
    public void NextIndex_ContentWritesUndeclaredPlaceholders_TheSmallestOfThemBeforeAnyGap()
    {
        Assert.Equal(5, SmsTemplateRules.NextIndex("${1} ${7} ${5} ${x}", [1, 3]));
        Assert.Equal(4, SmsTemplateRules.NextIndex("${1} ${3}", [1, 2, 3]));
    }
}
