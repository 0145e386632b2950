using KooMessage.Console.Data;
using KooMessage.Console.Features.ServiceNumbers;
using KooMessage.Console.Features.Signatures;
using KooMessage.Console.Features.SmsApps;
using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Tests;

/// <summary>What a service number needs in an account, inserted directly: approved signatures and image resources of each type.</summary>
public static class ServiceNumberData
{
    /// <summary>Adds approved signatures named <paramref name="names"/> (on a launched app) and returns their ids in order.</summary>
    public static async Task<IReadOnlyList<Guid>> ApprovedSignaturesAsync(this IServiceProvider services, Guid accountId, params string[] names)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test service-number data", CancellationToken.None);
        var app = new SmsApp { AccountId = accountId, Name = $"应用{Guid.NewGuid():N}"[..10], Status = SmsAppStatus.Launched };
        db.SmsApps.Add(app);
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            var signature = new Signature { AccountId = accountId, AppId = app.Id, Name = name, Status = SignatureStatus.ReviewPassed };
            db.Signatures.Add(signature);
            ids.Add(signature.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>An image resource row of <paramref name="type"/> (its facts as the upload would have read them).</summary>
    public static async Task<Guid> ImageAsync(this IServiceProvider services, Guid accountId, ServiceImageType type, long size = 20_000)
    {
        await using var db = await services.GetRequiredService<TenantDb>().ForAccountAsync(accountId, "test service-number data", CancellationToken.None);
        var (width, height) = type switch
        {
            ServiceImageType.BgImage => (1440, 810),
            ServiceImageType.FastAppLogo => (192, 192),
            ServiceImageType.Other => (800, 1100),
            _ => (240, 240),
        };
        var image = new ServiceImage
        {
            AccountId = accountId, Type = type, FileId = Guid.CreateVersion7(), FileName = $"{type}.png", Format = "png", Size = size,
            Width = width, Height = height, CreatedBy = "test", CreatedAt = DateTime.UtcNow,
        };
        db.ServiceImages.Add(image);
        await db.SaveChangesAsync();
        return image.Id;
    }

    /// <summary>A one-stop submission that passes every rule: its logo, background and signature are the account's.</summary>
    public static async Task<OneStopSubmission> OneStopAsync(this IServiceProvider services, Guid accountId, string name = "星河出行", string remark = "总部", Guid? signatureId = null)
    {
        var signature = signatureId ?? (await services.ApprovedSignaturesAsync(accountId, $"星河{Guid.NewGuid():N}"[..6]))[0];
        var logo = await services.ImageAsync(accountId, ServiceImageType.PubLogo);
        var background = await services.ImageAsync(accountId, ServiceImageType.BgImage);
        var profile = new ServiceNumberForm
        {
            Name = name, Remark = remark, Abstract = "出行服务一站送达", Industry = ServiceNumberIndustry.Travel, LogoImageId = logo,
            Signatures = [new SignatureRegionForm { SignatureId = signature }],
        };
        var homepage = new HomepageForm { BackgroundImageId = background, Summary = "欢迎关注", Hotlines = [new HotlineForm { Tel = "400-800-8800", Usage = "客服" }] };
        return new OneStopSubmission(profile, homepage, MenuData.Menu());
    }

    /// <summary>Runs <paramref name="call"/> with the service-number service as <paramref name="user"/>.</summary>
    public static async Task<T> ServiceNumbersAsync<T>(this IServiceProvider services, TestUser user, Func<ServiceNumberService, Task<T>> call)
    {
        await using var scope = services.As(user.Principal);
        return await call(scope.ServiceProvider.GetRequiredService<ServiceNumberService>());
    }
}
