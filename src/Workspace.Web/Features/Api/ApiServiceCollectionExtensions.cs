using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace Workspace.Web.Features.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Tokens, their bearer scheme and policy, the per-token rate limit, problem details and the OpenAPI document.</summary>
    public static IServiceCollection AddWorkspaceApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ApiTokenService>();
        services.AddScoped<ApiReadService>();
        services.AddScoped<ApiIdempotency>();
        services.AddProblemDetails();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiEndpoints.Policy, policy => policy
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiTokenAuthenticationHandler.TokenIdClaim));
        services.Configure<RateLimiterOptions>(options => options.AddPolicy<string, ApiRateLimitPolicy>(ApiRateLimitPolicy.Name));
        services.AddOpenApi(ApiOpenApi.DocumentName, ApiOpenApi.Configure);
        return services;
    }
}
