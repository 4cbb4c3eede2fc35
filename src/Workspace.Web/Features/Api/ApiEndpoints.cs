using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Workspace.Web.Features.Api;

/// <summary>
/// The open API for partners' systems, <c>/api/v1/partnerships/{id}/…</c>: read goals, indicators and
/// decisions, and record check-ins, with a partnership's API token as bearer (docs/architecture.md, "Open API").
/// </summary>
public static class ApiEndpoints
{
    public const string Policy = "ApiToken";

    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/partnerships/{partnershipId:guid}")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(ApiRateLimitPolicy.Name)
            .WithTags("Partnership")
            .AddEndpointFilter(async (context, next) =>
            {
                // Errors here are problem details: never the app's HTML "not found" page.
                context.HttpContext.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/goals", async Task<Results<Ok<IReadOnlyList<ApiGoal>>, ProblemHttpResult>> (HttpContext context, Guid partnershipId, ApiReadService reads, CancellationToken cancellationToken) =>
            await reads.GoalsAsync(context.ApiCaller(), partnershipId, cancellationToken) is { } goals ? TypedResults.Ok(goals) : NotFound())
            .WithName("ListGoals")
            .WithSummary("List the partnership's shared goals")
            .WithDescription("Every shared goal with its status and progress: the mean, over its indicators with a check-in, of how far the latest value has come from baseline to target (each capped at 1).");

        group.MapGet("/indicators", async Task<Results<Ok<IReadOnlyList<ApiIndicator>>, ProblemHttpResult>> (HttpContext context, Guid partnershipId, ApiReadService reads, CancellationToken cancellationToken) =>
            await reads.IndicatorsAsync(context.ApiCaller(), partnershipId, cancellationToken) is { } indicators ? TypedResults.Ok(indicators) : NotFound())
            .WithName("ListIndicators")
            .WithSummary("List the indicators with their latest values and check-ins")
            .WithDescription("Every indicator of every goal, with its baseline, target, latest value, progress and all check-ins (oldest first).");

        group.MapGet("/indicators/{indicatorId:guid}", async Task<Results<Ok<ApiIndicator>, ProblemHttpResult>> (HttpContext context, Guid partnershipId, Guid indicatorId, ApiReadService reads, CancellationToken cancellationToken) =>
            await reads.IndicatorAsync(context.ApiCaller(), partnershipId, indicatorId, cancellationToken) is { } indicator ? TypedResults.Ok(indicator) : NotFound())
            .WithName("GetIndicator")
            .WithSummary("Get one indicator with its check-ins");

        group.MapGet("/decisions", async Task<Results<Ok<IReadOnlyList<ApiDecision>>, ProblemHttpResult>> (HttpContext context, Guid partnershipId, ApiReadService reads, CancellationToken cancellationToken) =>
            await reads.DecisionsAsync(context.ApiCaller(), partnershipId, cancellationToken) is { } decisions ? TypedResults.Ok(decisions) : NotFound())
            .WithName("ListDecisions")
            .WithSummary("List the decisions in the partnership's log")
            .WithDescription("Decisions, newest first, with their rule, outcome once closed and how many people of each organisation took each position.");

        group.MapPost("/indicators/{indicatorId:guid}/check-ins", ApiCheckInEndpoint.HandleAsync)
            .WithName("RecordCheckIn")
            .WithSummary("Record a check-in (a measured value) for an indicator")
            .WithDescription("Needs a token that may write check-ins for this indicator. The value is validated, audited and shown on open dashboards at once, "
                + "with \"via API\" and the token's name in the goal's history. Send an Idempotency-Key header (up to 100 visible ASCII characters) so a retry "
                + "returns the first answer instead of recording the value twice; keys are kept for 24 hours, and the same key with another body is refused with 422.")
            .Accepts<ApiCheckInRequest>("application/json")
            .Produces<ApiIndicator>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/reference", ApiReferencePage.RenderAsync).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound();
}
