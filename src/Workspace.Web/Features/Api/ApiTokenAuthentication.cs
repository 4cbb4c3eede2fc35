using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Workspace.Web.Features.Api;

/// <summary>
/// Bearer authentication with a partnership's API token. A token is no person: its principal carries the
/// token's id and partnership, and nothing that a page or service reads as a user id.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public const string TokenIdClaim = "api_token_id";

    private const string Realm = "Partnership Workspace API";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        var caller = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }

        Context.Items[typeof(ApiCaller)] = caller;
        var identity = new ClaimsIdentity(
            [new Claim(TokenIdClaim, caller.TokenId.ToString()), new Claim(ClaimTypes.Name, $"API token '{caller.Name}'")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = !string.IsNullOrEmpty(Request.Headers.Authorization);
        Response.Headers.WWWAuthenticate = presented ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\"" : $"Bearer realm=\"{Realm}\"";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            presented
                ? "The token is malformed, unknown, expired or revoked. Ask a facilitator of the partnership for a new one."
                : "Send an API token of the partnership: Authorization: Bearer pws_…");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed", "This token may not do this.");
}

public static class ApiCallerExtensions
{
    /// <summary>The token that authenticated this request; only endpoints that require it call this.</summary>
    public static ApiCaller ApiCaller(this HttpContext context) =>
        context.Items[typeof(ApiCaller)] as ApiCaller ?? throw new InvalidOperationException("The endpoint does not require an API token.");
}
