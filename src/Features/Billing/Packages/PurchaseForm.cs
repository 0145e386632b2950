using FluentValidation;
using KooMessage.Console.Resources;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.Billing.Packages;

/// <summary>
/// A purchase (购买套餐包): the spec, how many, the no-refund acknowledgement and the key the dialog made when it opened,
/// so a double click or a retried request finds the order the first one made.
/// </summary>
public sealed class PurchaseForm
{
    public const int QuantityMax = 99;

    public PackageFamily? Family { get; set; }

    public Guid? SpecId { get; set; }

    public int Quantity { get; set; } = 1;

    /// <summary>The buyer ticked 购买套餐包后，不支持退订，购买成功后无法申请退款.</summary>
    public bool Acknowledged { get; set; }

    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");
}

public sealed class PurchaseFormValidator : AbstractValidator<PurchaseForm>
{
    public PurchaseFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.SpecId).NotNull().WithMessage(_ => l["Validation.Required", l["Packages.Spec"]]);
        RuleFor(x => x.Quantity).InclusiveBetween(1, PurchaseForm.QuantityMax)
            .WithMessage(_ => l["Packages.QuantityRange", 1, PurchaseForm.QuantityMax]);
        RuleFor(x => x.Acknowledged).Equal(true).WithMessage(_ => l["Packages.AcknowledgeRequired"]);
        RuleFor(x => x.IdempotencyKey).NotEmpty().MaximumLength(PackageOrder.IdempotencyKeyMax)
            .WithMessage(_ => l["Packages.KeyInvalid"]);
    }
}
