using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Features.Accounts;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.UnitTests.Users;

public sealed class ValidatorTests
{
    private static IServiceProvider Services => PlainServices.Services;

    private static IValidator<T> Validator<T>() => Services.GetRequiredService<IValidator<T>>();

    private static UserCredentialsForm Valid() => new()
    {
        UserName = "li.lei", Email = "li.lei@example.com", Password = "Good#Pass1", ConfirmPassword = "Good#Pass1",
    };

    private static List<string> Errors<T>(T form, string property) =>
        Validator<T>().Validate(form).Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage).ToList();

    [Fact]
    public void Validate_ValidCredentials_Passes()
    {
        Assert.True(Validator<UserCredentialsForm>().Validate(Valid()).IsValid);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(32, true)]
    [InlineData(33, false)]
    public void Validate_UserNameLength_BoundsAt3And32(int length, bool valid)
    {
        var form = Valid();
        form.UserName = new string('a', length);

        Assert.Equal(valid, Errors(form, nameof(form.UserName)).Count == 0);
    }

    [Theory]
    [InlineData("li lei")]
    [InlineData("_lilei")]
    [InlineData("李雷")]
    [InlineData("li/lei")]
    public void Validate_UserNameCharacters_Refused(string userName)
    {
        var form = Valid();
        form.UserName = userName;

        Assert.NotEmpty(Errors(form, nameof(form.UserName)));
    }

    [Theory]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void Validate_EmailLength_AtMost256(int length, bool valid)
    {
        var form = Valid();
        form.Email = new string('a', length - "@example.com".Length) + "@example.com";

        Assert.Equal(valid, Errors(form, nameof(form.Email)).Count == 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    public void Validate_BadEmail_Refused(string email)
    {
        var form = Valid();
        form.Email = email;

        Assert.NotEmpty(Errors(form, nameof(form.Email)));
    }

    [Theory]
    [InlineData("Go#d1xy", false)]
    [InlineData("Go#d1xyz", true)]
    [InlineData("good#pass1", false)]
    [InlineData("GOOD#PASS1", false)]
    [InlineData("Good#Passx", false)]
    [InlineData("GoodPass12", false)]
    public void Validate_PasswordRules_EachEnforced(string password, bool valid)
    {
        var form = Valid();
        form.Password = password;
        form.ConfirmPassword = password;

        Assert.Equal(valid, Errors(form, nameof(form.Password)).Count == 0);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_PasswordLength_AtMost100(int length, bool valid)
    {
        var form = Valid();
        form.Password = "Aa1#" + new string('x', length - 4);
        form.ConfirmPassword = form.Password;

        Assert.Equal(valid, Errors(form, nameof(form.Password)).Count == 0);
    }

    [Fact]
    public void Validate_PasswordsDiffer_Refused()
    {
        var form = Valid();
        form.ConfirmPassword = "Other#Pass1";

        Assert.NotEmpty(Errors(form, nameof(form.ConfirmPassword)));
    }

    [Theory]
    [InlineData("zh-CN", "两次输入的密码不一致。")]
    [InlineData("en-US", "The two passwords do not match.")]
    public void Validate_Message_InUserLanguage(string culture, string expected)
    {
        var form = Valid();
        form.ConfirmPassword = "Other#Pass1";
        using var language = CultureScope.Use(culture);

        Assert.Equal([expected], Errors(form, nameof(form.ConfirmPassword)));
    }

    [Theory]
    [InlineData("FullAccess", true)]
    [InlineData("PlatformAdmin", true)]
    [InlineData("Root", false)]
    [InlineData("", false)]
    public void Validate_NewUserRole_MustBeKnown(string role, bool valid)
    {
        var form = new NewUserForm { UserName = "li.lei", Email = "li.lei@example.com", Password = "Good#Pass1", ConfirmPassword = "Good#Pass1", Role = role };

        Assert.Equal(valid, Errors(form, nameof(form.Role)).Count == 0);
    }

    [Theory]
    [InlineData("A", false)]
    [InlineData("华为", true)]
    [InlineData("   ", false)]
    [InlineData(" 华 ", false)]
    public void Validate_AccountName_TwoToSixtyFourAfterTrim(string name, bool valid)
    {
        var form = new NewAccountForm { AccountName = name, UserName = "li.lei", Email = "li.lei@example.com", Password = "Good#Pass1", ConfirmPassword = "Good#Pass1" };

        Assert.Equal(valid, Errors(form, nameof(form.AccountName)).Count == 0);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Validate_AccountNameLength_AtMost64(int length, bool valid)
    {
        var form = new NewAccountForm { AccountName = new string('企', length), UserName = "li.lei", Email = "li.lei@example.com", Password = "Good#Pass1", ConfirmPassword = "Good#Pass1" };

        Assert.Equal(valid, Errors(form, nameof(form.AccountName)).Count == 0);
    }

    [Theory]
    [InlineData("\u200B华为", true)]
    [InlineData("华\u200B", false)]
    [InlineData("\u200B\u3000\u00AD", false)]
    [InlineData("Ａ\u00A0Ｂ", true)]
    public void Validate_AccountName_CountedOnceNormalized(string name, bool valid)
    {
        var form = new NewAccountForm { AccountName = name, UserName = "li.lei", Email = "li.lei@example.com", Password = "Good#Pass1", ConfirmPassword = "Good#Pass1" };

        Assert.Equal(valid, Errors(form, nameof(form.AccountName)).Count == 0);
    }

    [Theory]
    [InlineData("ｌｉ．ｌｅｉ", true)]
    [InlineData("li.lei\u200B", true)]
    [InlineData("li\u00A0lei", false)]
    public void Validate_UserName_CheckedOnceNormalized(string userName, bool valid)
    {
        var form = Valid();
        form.UserName = userName;

        Assert.Equal(valid, Errors(form, nameof(form.UserName)).Count == 0);
    }

    [Theory]
    [InlineData("\u200B\u00A0", 1)]
    [InlineData("星河科技", 0)]
    public async Task ForMudForm_AccountName_AsksTheNormalizedRule(string name, int messages)
    {
        var form = new NewAccountForm { AccountName = name };

        var errors = await Validator<NewAccountForm>().ForMudForm()(form, nameof(form.AccountName));

        Assert.Equal(messages, errors.Count());
    }
}
