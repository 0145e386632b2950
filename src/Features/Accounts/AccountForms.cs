using FluentValidation;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Features.Users;
using KooMessage.Console.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KooMessage.Console.Features.Accounts;

/// <summary>A new account with its first user (FullAccess): sign-up and the platform administrator's create dialog.</summary>
public sealed class NewAccountForm : UserCredentialsForm
{
    public string AccountName { get; set; } = "";
}

public sealed class NewAccountFormValidator : AbstractValidator<NewAccountForm>
{
    public const int NameMin = 2;

    public NewAccountFormValidator(IStringLocalizer<SharedResource> l, IOptions<IdentityOptions> identity)
    {
        RuleFor(x => TextNormalizer.Name(x.AccountName)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.AccountName"]]).OverridePropertyName(nameof(NewAccountForm.AccountName))
            .Must(n => n.Length is >= NameMin and <= Account.NameMaxLength)
            .WithMessage(_ => l["Validation.Length", l["Field.AccountName"], NameMin, Account.NameMaxLength]);
        Include(new UserCredentialsValidator(l, identity));
    }
}
