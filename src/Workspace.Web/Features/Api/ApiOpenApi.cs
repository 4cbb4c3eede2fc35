using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workspace.Web.Features.Api;

/// <summary>The OpenAPI document of the open API: its description, the bearer scheme and request examples.</summary>
internal static class ApiOpenApi
{
    public const string DocumentName = "v1";

    public const string SchemeName = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Partnership Workspace API",
                Version = "v1",
                Description = "Read a partnership's shared goals, indicators and decisions, and record check-ins from a partner's own system. "
                    + "A facilitator creates a token on the partnership's API tokens page; send it as `Authorization: Bearer pws_…`. "
                    + "A token acts for its partnership only. Errors are RFC 9457 problem details. Each token may send a limited number of requests a minute (429 with Retry-After).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "pws_ token",
                Description = "An API token of the partnership, created by a facilitator: pws_ followed by its id and secret.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.HttpMethod == "POST")
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = ApiCheckInEndpoint.IdempotencyHeader,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Any unique string per value sent (e.g. derived from the source row); a retry with the same key and body returns the first answer.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyRecord.KeyMaxLength },
                    Example = JsonValue.Create("council-feed-2026-11-30-homes-insulated"),
                });
                if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
                {
                    body.Example = JsonNode.Parse("""{ "value": 412, "asOf": "2026-11-30", "note": "From the council's case system" }""");
                }
            }

            return Task.CompletedTask;
        });
    }
}
