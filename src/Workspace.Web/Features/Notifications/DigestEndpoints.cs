using System.Net;
using Microsoft.AspNetCore.Mvc;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Notifications;

/// <summary>
/// The digest's unsubscribe link, which works without signing in: a GET only asks (link scanners open
/// links), the POST unsubscribes the person the signed token names.
/// </summary>
public static class DigestEndpoints
{
    public const string Path = "/digest/unsubscribe";

    public static IEndpointRouteBuilder MapDigestUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async ([FromQuery] string? token, DigestService digests, CancellationToken cancellationToken) =>
        {
            var subscriber = await digests.SubscriberAsync(token, cancellationToken);
            return subscriber is null
                ? Page("This link does not work", "<p role=\"alert\">This unsubscribe link is not valid or has expired. Sign in and turn the digest off under <a href=\"../profile\">your profile</a>.</p>", StatusCodes.Status400BadRequest)
                : Page("Unsubscribe from the digest", subscriber.Digest == DigestFrequency.Off
                    ? $"<p>{Encode(subscriber.DisplayName)}, the email digest is already off for you.</p>"
                    : $"<p>{Encode(subscriber.DisplayName)}, stop receiving the {subscriber.Digest.ToString().ToLowerInvariant()} email digest?</p>"
                        + $"<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"{Encode(token!)}\" /><button type=\"submit\">Unsubscribe</button></form>"
                        + "<p>Your notifications in the app stay as they are.</p>");
        }).AllowAnonymous().WithNoStore();

        app.MapPost(Path, async ([FromForm] string? token, DigestService digests, CancellationToken cancellationToken) =>
        {
            var result = await digests.UnsubscribeAsync(token, cancellationToken);
            return result.Succeeded
                ? Page("You are unsubscribed", "<p role=\"status\">You will receive no more digest emails. To receive them again, choose a digest under <a href=\"../profile\">your profile</a>.</p>")
                : Page("This link does not work", $"<p role=\"alert\">{Encode(result.Error!.Message)}</p>", StatusCodes.Status400BadRequest);
        }).AllowAnonymous().DisableAntiforgery().WithNoStore();
        return app;
    }

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{{Encode(title)}} · Partnership Workspace</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.5rem 1.25rem;cursor:pointer}</style>
        </head><body><main><h1>{{Encode(title)}}</h1>{{body}}</main></body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
