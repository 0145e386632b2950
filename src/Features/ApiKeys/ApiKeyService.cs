using FluentValidation;
using KooMessage.Console.Common;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Text;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Audit;
using KooMessage.Console.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KooMessage.Console.Features.ApiKeys;

public sealed class ApiKeyForm
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = Roles.Development;
}

public sealed class ApiKeyFormValidator : AbstractValidator<ApiKeyForm>
{
    public ApiKeyFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => TextNormalizer.Name(x.Name)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["Validation.Required", l["Field.ApiKeyName"]]).OverridePropertyName(nameof(ApiKeyForm.Name))
            .Must(v => v.Length <= ApiKey.NameMax).WithMessage(_ => l["Validation.Length", l["Field.ApiKeyName"], ApiKey.NameMin, ApiKey.NameMax]);
        RuleFor(x => x.Role).Must(r => Roles.Tenant.Contains(r)).WithMessage(_ => l["Validation.Required", l["Field.Role"]]);
    }
}

public sealed record ApiKeyRow(Guid Id, string Name, string Prefix, string Role, string CreatedBy, string CreatedByName, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    /// <summary>A live key refused because its creator was disabled, removed or demoted below the key's role.</summary>
    public bool CreatorLapsed { get; init; }
}

/// <summary>A key just created: <see cref="Token"/> is its whole text, shown this once and stored nowhere.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Token);

/// <summary>API 密钥: list, create (a role no higher than the creator's, checked against the database), revoke.</summary>
public sealed class ApiKeyService(AccessGuard guard, TenantDb dbs, IPrincipalStateReader states, AuditLog audit, IValidator<ApiKeyForm> validator, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private static readonly SortColumns<ApiKey> Sorts = new SortColumns<ApiKey>()
        .Add(nameof(ApiKeyRow.Name), k => k.Name).Add(nameof(ApiKeyRow.CreatedAt), k => k.CreatedAt).Add(nameof(ApiKeyRow.LastUsedAt), k => k.LastUsedAt);

    /// <summary>The roles <paramref name="user"/> may give a key: those whose every permission they hold themselves.</summary>
    public static IReadOnlyList<string> GrantableRoles(UserContext user) =>
        [.. Roles.Tenant.Where(r => PermissionRules.Covers(user.Roles, r))];

    public async Task<Result<PagedResult<ApiKeyRow>>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ApiKeyView, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        await using var db = await dbs.ForAsync(auth.Value, ct);
        var query = db.ApiKeys.AsNoTracking();
        if (page.Term is { } term)
        {
            query = query.Where(k => k.Name.Contains(term) || k.Prefix.Contains(term));
        }

        // Live keys first, then the newest.
        var found = await Sorts.Apply(query, page, q => q.OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)).ThenBy(k => k.Id)
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, k.Role, k.CreatedBy, k.CreatedByName, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToPageAsync(page, ct);

        // What the authenticator would say of each live key's creator now, so the list shows why a key stopped working.
        var creators = new Dictionary<string, PrincipalState?>(StringComparer.Ordinal);
        foreach (var createdBy in found.Items.Where(k => k.RevokedAt is null).Select(k => k.CreatedBy).Distinct())
        {
            creators[createdBy] = await ApiKeyAuthenticator.CreatorAsync(states, createdBy, auth.Value.AccountId!.Value, ct);
        }

        return found with
        {
            Items = [.. found.Items.Select(k => k.RevokedAt is null ? k with { CreatorLapsed = !ApiKeyAuthenticator.CreatorAllows(creators[k.CreatedBy], k.Role) } : k)],
        };
    }

    public async Task<Result<CreatedApiKey>> CreateAsync(ApiKeyForm form, CancellationToken ct)
    {
        // The creator's roles come from the database now (AccessGuard): a user demoted a second ago cannot create.
        var auth = await guard.AuthorizeAsync(Permission.ApiKeyManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        if (await validator.CheckAsync(form, ct) is { } invalid)
        {
            return invalid;
        }

        var user = auth.Value;
        if (!PermissionRules.Covers(user.Roles, form.Role))
        {
            return new KmError(ErrorCodes.Unauthorized, l["ApiKeys.RoleTooHigh", l[$"Role.{form.Role}"]]).OnField(nameof(ApiKeyForm.Role));
        }

        var (prefix, token, hash) = ApiKeySecrets.Create();
        var key = new ApiKey
        {
            AccountId = user.AccountId!.Value,
            Name = TextNormalizer.Name(form.Name),
            Prefix = prefix,
            SecretHash = hash,
            Role = form.Role,
            CreatedBy = user.UserId,
            CreatedByName = user.UserName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbs.ForAsync(user, ct);
        db.ApiKeys.Add(key);
        audit.Record(db, user, new AuditChange(key.AccountId, AuditActions.Create, ApiKeysModule.AuditType, key.Id.ToString(), key.Name,
            null, new { key.Name, key.Prefix, key.Role }));
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key.Id, key.Name, token);
    }

    /// <summary>Revokes a live key; the endpoint refuses it from the next request on (keys are read on every request).</summary>
    public async Task<Result> RevokeAsync(Guid id, CancellationToken ct)
    {
        var auth = await guard.AuthorizeAsync(Permission.ApiKeyManage, ct);
        if (auth.Error is { } denied)
        {
            return denied;
        }

        var user = auth.Value;
        await using var db = await dbs.ForAsync(user, ct);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return new KmError(ErrorCodes.NotFound, l["ApiKeys.NotFound"]);
        }

        // A user revokes only keys they could have created: a Development user cannot cut off the owner's integration.
        if (!PermissionRules.Covers(user.Roles, key.Role))
        {
            return guard.Denied();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedByName, user.UserName), ct);
        if (changed == 0)
        {
            return new KmError(ErrorCodes.Conflict, l["ApiKeys.AlreadyRevoked", key.Name]);
        }

        audit.Record(db, user, new AuditChange(key.AccountId, AuditActions.Revoke, ApiKeysModule.AuditType, key.Id.ToString(), key.Name,
            new { key.Name, key.Prefix, key.Role }, new { RevokedAt = now }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }
}
