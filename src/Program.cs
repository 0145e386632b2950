using KooMessage.Console;
using KooMessage.Console.Common.Jobs;
using KooMessage.Console.Common.Security;
using KooMessage.Console.Common.Web;
using KooMessage.Console.Components;
using KooMessage.Console.Components.Shared;
using KooMessage.Console.Data;
using KooMessage.Console.Features.Platform;
using KooMessage.Console.Features.Sending;
using KooMessage.Console.Features.ShortLinks;
using KooMessage.Console.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();

// The default address is set here, not in appsettings.json, where it would win over ASPNETCORE_URLS.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]) && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}
if (!builder.Environment.IsDevelopment())
{
    builder.Logging.ClearProviders().AddJsonConsole();
}

builder.Services.AddConsoleCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.TopCenter);
builder.Services.AddTransient<MudLocalizer, ConsoleMudLocalizer>();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = IdentityConstants.ApplicationScheme;
        o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddIdentityCookies();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = IdentityModule.LoginRoute;
    o.LogoutPath = IdentityModule.LogoutRoute;
    o.AccessDeniedPath = IdentityModule.AccessDeniedRoute;
    o.ExpireTimeSpan = TimeSpan.FromHours(8);
    o.SlidingExpiration = true;
    o.Cookie.Name = "km.auth";
    o.Cookie.SameSite = SameSiteMode.Lax;

    // The cookie handler follows ?ReturnUrl= by itself after a sign-in on the sign-in page: only a safe local path.
    o.Events.OnRedirectToReturnUrl = context =>
    {
        context.Response.Redirect(LocalUrl.Of(context.RedirectUri));
        return Task.CompletedTask;
    };
});
builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
builder.Services.AddConsoleAuthorization();
builder.Services.AddSignInRateLimits(builder.Configuration);
builder.Services.AddHostedService<JobRunner>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();

await Database.InitializeAsync(app.Services, CancellationToken.None);
if (args is [AdminRecovery.Command, var adminName, ..])
{
    var reset = await app.Services.GetRequiredService<AdminRecovery>().ResetAsync(adminName, CancellationToken.None);
    System.Console.WriteLine(reset.Error is { } failed ? failed.Message : $"New password for {adminName}: {reset.Value}");
    return reset.IsSuccess ? 0 : 1;
}

if (args.Contains("--seed-demo"))
{
    await using var scope = app.Services.CreateAsyncScope();
    var created = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    DemoSeeder.PrintCredentials(created, System.Console.Out);
}

app.UseExceptionHandler("/error", createScopeForErrors: true);
if (app.Urls.Concat(builder.Configuration["Urls"]?.Split(';') ?? []).Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();

// The short-link resolve host answers before localization, authentication, the gates and antiforgery; no circuit.
app.UseShortLinks();

// Kannel's delivery reports and replies, authenticated by the secret in their path, likewise answered first.
app.UseGatewayCallbacks();

// Routing from here, not (as WebApplication adds it when nobody does) ahead of everything: the two paths above answer
// most of the platform's requests, and matching each against the console's routes cost them a file lookup (the static
// assets' fallback route checks the disk when the app runs from its build output).
app.UseRouting();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseConsoleLocalization();
app.UseRateLimiter();
app.UseAuthentication();
app.UseSetupGate();
app.UsePasswordChangeGate();
app.UseAuthorization();
app.UseRequestPrincipal();
app.UseAntiforgery();

app.MapStaticAssets();
// Blazor adds its own frame-ancestors policy to interactive pages; it says what the console's CSP says: no framing.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = "'none'");
app.MapConsoleEndpoints();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
