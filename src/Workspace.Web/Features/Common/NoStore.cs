namespace Workspace.Web.Features.Common;

public static class NoStore
{
    /// <summary>
    /// Sends <c>Cache-Control: no-store</c> with every response of these endpoints: partnership data must not
    /// stay in a shared computer's browser cache or a proxy's after the person has signed out.
    /// </summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}
