using FluentValidation;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Users;

/// <summary>What every new user gives: a user name, an e-mail address and a password typed twice.</summary>
public class UserCredentialsForm
{
    public string UserName { get; set; } = "";

    public string Email { get; set; } = "";

    public string Password { get; set; } = "";

    public string ConfirmPassword { get; set; } = "";
}

public sealed class NewUserForm : UserCredentialsForm
{
    public string Role { get; set; } = "";
}

public sealed class PasswordForm
{
    public string Password { get; set; } = "";

    public string ConfirmPassword { get; set; } = "";
}

public sealed class ChangePasswordForm
{
    public string CurrentPassword { get; set; } = "";

    public string Password { get; set; } = "";

    public string ConfirmPassword { get; set; } = "";
}

public static class UserRules
{
    public const int UserNameMin = 3;
    public const int UserNameMax = 32;
    public const int EmailMax = 256;
    public const int PasswordMax = 100;
    public const string UserNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    /// <summary>
    /// The password rules, as Identity enforces them, in the user's language (shown beside every password field), each
    /// with the test a typed password passes when it meets the rule.
    /// </summary>
    public static IReadOnlyList<PasswordRule> PasswordRules(PasswordOptions o, IStringLocalizer l)
    {
        var rules = new List<PasswordRule> { new(l["Password.Rule.Length", o.RequiredLength, PasswordMax], p => p.Length >= o.RequiredLength && p.Length <= PasswordMax) };
        if (o.RequireUppercase)
        {
            rules.Add(new(l["Password.Rule.Upper"], p => p.Any(char.IsAsciiLetterUpper)));
        }

        if (o.RequireLowercase)
        {
            rules.Add(new(l["Password.Rule.Lower"], p => p.Any(char.IsAsciiLetterLower)));
        }

        if (o.RequireDigit)
        {
            rules.Add(new(l["Password.Rule.Digit"], p => p.Any(char.IsAsciiDigit)));
        }

        if (o.RequireNonAlphanumeric)
        {
            rules.Add(new(l["Password.Rule.Symbol"], p => p.Any(c => !char.IsLetterOrDigit(c))));
        }

        return rules;
    }

    public static void Password<T>(this IRuleBuilderInitial<T, string> rule, PasswordOptions o, IStringLocalizer l) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.Password"]])
            .MinimumLength(o.RequiredLength).WithMessage(_ => l["Password.Rule.Length", o.RequiredLength, PasswordMax])
            .MaximumLength(PasswordMax).WithMessage(_ => l["Password.Rule.Length", o.RequiredLength, PasswordMax])
            .Must(p => !o.RequireUppercase || p.Any(char.IsAsciiLetterUpper)).WithMessage(_ => l["Password.Rule.Upper"])
            .Must(p => !o.RequireLowercase || p.Any(char.IsAsciiLetterLower)).WithMessage(_ => l["Password.Rule.Lower"])
            .Must(p => !o.RequireDigit || p.Any(char.IsAsciiDigit)).WithMessage(_ => l["Password.Rule.Digit"])
            .Must(p => !o.RequireNonAlphanumeric || p.Any(c => !char.IsLetterOrDigit(c))).WithMessage(_ => l["Password.Rule.Symbol"]);
}

/// <summary>One password rule: its text and whether a password meets it.</summary>
public sealed record PasswordRule(string Text, Func<string, bool> IsMetBy);

public sealed class UserCredentialsValidator : AbstractValidator<UserCredentialsForm>
{
    public UserCredentialsValidator(IStringLocalizer<SharedResource> l, IOptions<IdentityOptions> identity)
    {
        RuleFor(x => TextNormalizer.Name(x.UserName)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.UserName"]]).OverridePropertyName(nameof(UserCredentialsForm.UserName))
            .Length(UserRules.UserNameMin, UserRules.UserNameMax)
            .WithMessage(_ => l["Validation.Length", l["Field.UserName"], UserRules.UserNameMin, UserRules.UserNameMax])
            .Matches(UserRules.UserNamePattern).WithMessage(_ => l["Validation.UserNameChars"]);
        RuleFor(x => TextNormalizer.Name(x.Email)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.Email"]]).OverridePropertyName(nameof(UserCredentialsForm.Email))
            .MaximumLength(UserRules.EmailMax).WithMessage(_ => l["Validation.MaxLength", l["Field.Email"], UserRules.EmailMax])
            .EmailAddress().WithMessage(_ => l["Validation.Email"]);
        RuleFor(x => x.Password).Password(identity.Value.Password, l);
        RuleFor(x => x.ConfirmPassword)
            .Equal(x => x.Password).WithMessage(_ => l["Validation.PasswordMismatch"]);
    }
}

public sealed class NewUserFormValidator : AbstractValidator<NewUserForm>
{
    public NewUserFormValidator(IStringLocalizer<SharedResource> l, IOptions<IdentityOptions> identity)
    {
        Include(new UserCredentialsValidator(l, identity));
        RuleFor(x => x.Role).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.Role"]])
            .Must(r => Roles.All.Contains(r)).WithMessage(_ => l["Validation.Role"]);
    }
}

public sealed class PasswordFormValidator : AbstractValidator<PasswordForm>
{
    public PasswordFormValidator(IStringLocalizer<SharedResource> l, IOptions<IdentityOptions> identity)
    {
        RuleFor(x => x.Password).Password(identity.Value.Password, l);
        RuleFor(x => x.ConfirmPassword)
            .Equal(x => x.Password).WithMessage(_ => l["Validation.PasswordMismatch"]);
    }
}

public sealed class ChangePasswordFormValidator : AbstractValidator<ChangePasswordForm>
{
    public ChangePasswordFormValidator(IStringLocalizer<SharedResource> l, IOptions<IdentityOptions> identity)
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.CurrentPassword"]]);
        RuleFor(x => x.Password).Password(identity.Value.Password, l);
        RuleFor(x => x.ConfirmPassword)
            .Equal(x => x.Password).WithMessage(_ => l["Validation.PasswordMismatch"]);
    }
}
