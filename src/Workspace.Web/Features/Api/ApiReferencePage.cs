using System.Net;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workspace.Web.Features.Api;

/// <summary>
/// A readable reference of the open API, rendered on the server from the same OpenAPI document: no
/// script and nothing from a CDN, so it works offline and under the app's content security policy.
/// </summary>
internal static class ApiReferencePage
{
    public static async Task<IResult> RenderAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var provider = context.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiOpenApi.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(document.Info.Title)).Append(" reference</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}")
            .Append("code,pre{font-family:ui-monospace,monospace;background:#f3f4f6;border-radius:4px}pre{padding:.75rem;overflow:auto}code{padding:0 .25rem}")
            .Append("section{border:1px solid #d1d5db;border-radius:8px;padding:1rem;margin:1rem 0}")
            .Append(".method{display:inline-block;font-weight:700;padding:0 .5rem;border-radius:4px;background:#1d4ed8;color:#fff;margin-right:.5rem}")
            .Append(".method.post{background:#047857}table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .75rem .25rem 0;vertical-align:top}")
            .Append("</style></head><body><main>")
            .Append("<h1>").Append(E(document.Info.Title)).Append(" <small>").Append(E(document.Info.Version)).Append("</small></h1>")
            .Append("<p>").Append(Code(document.Info.Description)).Append("</p>")
            .Append("<p>The machine-readable document: <a href=\"/openapi/v1.json\">/openapi/v1.json</a>.</p>")
            .Append("<h2>Authentication</h2><p>Every request sends <code>Authorization: Bearer pws_…</code>. ")
            .Append("A missing or invalid token gets 401 with <code>WWW-Authenticate: Bearer</code>; another partnership's ids get 404.</p>")
            .Append("<h2>Operations</h2>");
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var verb = method.Method.ToUpperInvariant();
                html.Append("<section aria-labelledby=\"").Append(E(operation.OperationId)).Append("\"><h3 id=\"").Append(E(operation.OperationId)).Append("\">")
                    .Append("<span class=\"method ").Append(verb.ToLowerInvariant()).Append("\">").Append(verb).Append("</span><code>").Append(E(path)).Append("</code></h3>")
                    .Append("<p><strong>").Append(E(operation.Summary)).Append("</strong></p>");
                if (!string.IsNullOrEmpty(operation.Description))
                {
                    html.Append("<p>").Append(E(operation.Description)).Append("</p>");
                }

                if (operation.Parameters is { Count: > 0 } parameters)
                {
                    html.Append("<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Description</th></tr></thead><tbody>");
                    foreach (var parameter in parameters)
                    {
                        html.Append("<tr><td><code>").Append(E(parameter.Name)).Append("</code></td><td>").Append(E(parameter.In?.ToString().ToLowerInvariant()))
                            .Append("</td><td>").Append(E(parameter.Description)).Append("</td></tr>");
                    }

                    html.Append("</tbody></table>");
                }

                if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true && body.Example is { } example)
                {
                    html.Append("<h4>Example body</h4><pre>").Append(E(example.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }))).Append("</pre>");
                }

                html.Append("<h4>Responses</h4><ul>");
                foreach (var (status, response) in operation.Responses ?? [])
                {
                    html.Append("<li><code>").Append(E(status)).Append("</code> ").Append(E(response.Description)).Append("</li>");
                }

                html.Append("</ul></section>");
            }
        }

        html.Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    // `code` spans in the description, as Markdown writes them.
    private static string Code(string? text)
    {
        var parts = E(text).Split('`');
        return string.Concat(parts.Select((part, i) => i % 2 == 1 ? $"<code>{part}</code>" : part));
    }
}
