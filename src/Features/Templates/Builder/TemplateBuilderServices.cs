using Microsoft.Extensions.DependencyInjection;

namespace KooMessage.Console.Features.Templates.Builder;

public static class TemplateBuilderServices
{
    /// <summary>The builder's state, one per circuit; the templates module calls this from its registration.</summary>
    public static IServiceCollection AddTemplateBuilder(this IServiceCollection services) => services.AddScoped<TemplateBuilderState>();
}
