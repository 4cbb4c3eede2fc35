using Microsoft.AspNetCore.Authentication;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The request's authentication handlers, as ASP.NET Core makes them, with a way to let them go. A handler
/// caches the ticket it read (the person's principal, claims and properties) for the rest of its request, and
/// the authentication middleware keeps the handlers while it waits for the request to end: for a watcher's
/// socket that is as long as it stays open. The live hub releases them once the connection knows its person.
/// </summary>
public sealed class ReleasableAuthenticationHandlers(IAuthenticationSchemeProvider schemes) : IAuthenticationHandlerProvider
{
    private AuthenticationHandlerProvider _handlers = new(schemes);

    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        _handlers.GetHandlerAsync(context, authenticationScheme);

    /// <summary>Forgets the handlers made so far; a handler asked for again is made afresh.</summary>
    public void Release() => _handlers = new(schemes);
}
