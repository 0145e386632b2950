using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Identity;

public sealed class LoginForm
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public bool RememberMe { get; set; }
}

public sealed class LoginFormValidator : AbstractValidator<LoginForm>
{
    public LoginFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => TextNormalizer.Name(x.UserName)).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.UserName"]]).OverridePropertyName(nameof(LoginForm.UserName));
        RuleFor(x => x.Password).NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.Password"]]);
    }
}
