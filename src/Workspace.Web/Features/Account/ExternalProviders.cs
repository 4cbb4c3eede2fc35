using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Workspace.Web.Features.Account;

/// <summary>One OpenID Connect provider people may sign in with, from <c>Authentication:OpenIdConnect</c>.</summary>
public sealed record ExternalProvider(string Scheme, string DisplayName, string Authority, string ClientId, string? ClientSecret, bool RequireHttpsMetadata);

/// <summary>
/// The OpenID Connect providers configured under <c>Authentication:OpenIdConnect</c>: a list of entries,
/// entries named by their scheme, or one entry directly in the section. Each entry has <c>Authority</c>,
/// <c>ClientId</c>, <c>ClientSecret</c> (optional for public clients), <c>DisplayName</c> and
/// optionally <c>Scheme</c> and <c>RequireHttpsMetadata</c> (true unless set to false).
/// </summary>
public sealed class ExternalProviders(IReadOnlyList<ExternalProvider> providers)
{
    public const string Section = "Authentication:OpenIdConnect";

    public IReadOnlyList<ExternalProvider> All { get; } = providers;

    public ExternalProvider? Find(string? scheme) =>
        All.FirstOrDefault(p => string.Equals(p.Scheme, scheme, StringComparison.Ordinal));

    public static ExternalProviders FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var entries = section["Authority"] is not null
            ? [(Key: "oidc", Entry: (IConfigurationSection)section)]
            : section.GetChildren().Select(child => (Key: int.TryParse(child.Key, out var index) ? $"oidc-{index}" : child.Key, Entry: child)).ToList();

        var providers = new List<ExternalProvider>();
        foreach (var (key, entry) in entries)
        {
            var scheme = string.IsNullOrWhiteSpace(entry["Scheme"]) ? key : entry["Scheme"]!.Trim();
            var authority = entry["Authority"];
            var clientId = entry["ClientId"];
            if (string.IsNullOrWhiteSpace(authority) || string.IsNullOrWhiteSpace(clientId))
            {
                throw new InvalidOperationException($"{Section}: the entry '{scheme}' needs both Authority and ClientId.");
            }

            if (scheme.Contains('/', StringComparison.Ordinal) || scheme.StartsWith("Identity.", StringComparison.Ordinal) || providers.Any(p => p.Scheme == scheme))
            {
                throw new InvalidOperationException($"{Section}: the scheme name '{scheme}' is used twice, reserved, or contains '/'.");
            }

            providers.Add(new ExternalProvider(
                scheme,
                string.IsNullOrWhiteSpace(entry["DisplayName"]) ? scheme : entry["DisplayName"]!.Trim(),
                authority.Trim(),
                clientId.Trim(),
                string.IsNullOrWhiteSpace(entry["ClientSecret"]) ? null : entry["ClientSecret"],
                entry.GetValue("RequireHttpsMetadata", true)));
        }

        return new ExternalProviders(providers);
    }

    /// <summary>The origins a sign-in form may be redirected to (the CSP's form-action), one per provider.</summary>
    public IEnumerable<string> Origins => All.Select(p => new Uri(p.Authority).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds one OpenID Connect handler per provider, signing in to Identity's external cookie.</summary>
    internal void AddTo(AuthenticationBuilder authentication)
    {
        foreach (var provider in All)
        {
            authentication.AddOpenIdConnect(provider.Scheme, provider.DisplayName, options =>
            {
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Authority = provider.Authority;
                options.ClientId = provider.ClientId;
                options.ClientSecret = provider.ClientSecret;
                options.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                options.CallbackPath = $"/signin-{provider.Scheme}";
                options.SignedOutCallbackPath = $"/signout-callback-{provider.Scheme}";
                options.RemoteSignOutPath = $"/signout-{provider.Scheme}";
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SaveTokens = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.MapInboundClaims = false;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("profile");
                options.Scope.Add("email");
                options.ClaimActions.MapUniqueJsonKey(ExternalIdentity.EmailVerifiedClaim, ExternalIdentity.EmailVerifiedClaim);
                options.TokenValidationParameters.NameClaimType = "name";
                options.Events.OnRemoteFailure = context =>
                {
                    // The person cancelled at the provider or it answered with an error: back to sign-in with a message.
                    ExternalSignInEndpoints.SetStatus(context.HttpContext, $"Error: Signing in with {provider.DisplayName} did not complete. Try again, or sign in with your email address and password.");
                    context.Response.Redirect($"{context.Request.PathBase}/Account/Login");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }
    }
}
