using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// Lets a rendered public results page be stored although Blazor's server rendering attached an
/// antiforgery cookie (and its no-store header) to it. The page has no form, so the cookie is not needed,
/// and it must never be replayed from the cache to other visitors: it is dropped as the response starts.
/// Runs after the default policy, which still decides everything else (anonymous GETs only, 200 only).
/// </summary>
internal sealed class PublicResultsCachePolicy : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EnableOutputCaching)
        {
            var response = context.HttpContext.Response;
            response.OnStarting(() =>
            {
                if (response.StatusCode == StatusCodes.Status200OK)
                {
                    response.Headers.Remove(HeaderNames.SetCookie);
                    response.Headers.Remove(HeaderNames.Pragma);
                    // Browsers ask again each time; the server's cache answers, and is evicted when the page changes.
                    response.Headers.CacheControl = "no-cache";
                }

                return Task.CompletedTask;
            });
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
