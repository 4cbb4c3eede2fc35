using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Workspace.Web.Features.Goals;

namespace Workspace.Web.Features.Api;

/// <summary>
/// POST a check-in: the same service, validation, audit, history and live event as the check-in dialog,
/// with the token as its author. With an Idempotency-Key a retry returns the first answer.
/// </summary>
internal static class ApiCheckInEndpoint
{
    /// <summary>A check-in is a number, a date and a short note: anything larger is refused unread.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public const string IdempotencyHeader = "Idempotency-Key";

    private sealed record Outcome(int Status, object Body, string? Location = null);

    public static async Task<IResult> HandleAsync(HttpContext context, Guid partnershipId, Guid indicatorId,
        ApiIdempotency idempotency, IndicatorService indicators, ApiReadService reads, CancellationToken cancellationToken)
    {
        var caller = context.ApiCaller();
        if (caller.PartnershipId != partnershipId)
        {
            return ApiProblems.NotFound();
        }

        if (!caller.MayWrite(indicatorId))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Not allowed",
                caller.Scope == ApiScope.Read
                    ? "This token may only read. Ask a facilitator for a token that may record check-ins for this indicator."
                    : "This token may not record check-ins for this indicator. Ask a facilitator to create a token that includes it.");
        }

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"A check-in's body may be at most {MaxBodyBytes / 1024} KB.");
        }

        string? key = context.Request.Headers[IdempotencyHeader];
        if (key is null)
        {
            return Write(await RecordAsync(partnershipId, indicatorId, caller, body, indicators, reads, cancellationToken));
        }

        if (key.Length is 0 or > IdempotencyRecord.KeyMaxLength || key.Any(c => c < '!' || c > '~'))
        {
            return ApiProblems.Validation(IdempotencyHeader, $"The {IdempotencyHeader} header must be 1 to {IdempotencyRecord.KeyMaxLength} visible ASCII characters.");
        }

        var hash = ApiIdempotency.RequestHash(context.Request.Method, context.Request.Path, body);
        switch (await idempotency.ClaimAsync(caller.TokenId, key, hash, cancellationToken))
        {
            case IdempotencyClaim.Replay replay:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return Write(replay.StatusCode, replay.Body ?? "", replay.Location);
            case IdempotencyClaim.KeyReused:
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    $"This {IdempotencyHeader} was already used with a different request. Use a new key for a new value.");
            case IdempotencyClaim.InProgress:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "Request in progress",
                    $"A request with this {IdempotencyHeader} is still being handled. Retry in a moment to get its answer.");
        }

        try
        {
            var outcome = await RecordAsync(partnershipId, indicatorId, caller, body, indicators, reads, cancellationToken);
            var json = Serialize(outcome.Body);
            await idempotency.CompleteAsync(caller.TokenId, key, outcome.Status, json, outcome.Location, cancellationToken);
            return Write(outcome.Status, json, outcome.Location);
        }
        catch
        {
            await idempotency.ReleaseAsync(caller.TokenId, key);
            throw;
        }
    }

    private static async Task<Outcome> RecordAsync(Guid partnershipId, Guid indicatorId, ApiCaller caller, byte[] body,
        IndicatorService indicators, ApiReadService reads, CancellationToken cancellationToken)
    {
        ApiCheckInRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ApiCheckInRequest>(body, ApiJson.Options);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return Invalid(field, field == "body"
                ? "The body is not valid JSON. Send an object such as {\"value\": 42, \"asOf\": \"2026-12-01\", \"note\": \"\"}."
                : $"“{field}” has the wrong type: value is a number, asOf a date (yyyy-MM-dd), note a text.");
        }

        if (request is null)
        {
            return Invalid("body", "Send a JSON object with value and asOf.");
        }

        var result = await indicators.RecordCheckInViaApiAsync(caller.Name, partnershipId, indicatorId,
            new CheckInInput { Value = request.Value, AsOf = request.AsOf, Comment = request.Note ?? "" }, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Error!.Kind switch
            {
                Common.ErrorKind.Validation => new Outcome(StatusCodes.Status400BadRequest, new HttpValidationProblemDetails(
                    (result.Error.FieldErrors ?? new Dictionary<string, string>()).ToDictionary(e => FieldName(e.Key), e => new[] { e.Value }))
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid",
                    Detail = result.Error.Message,
                    Type = "https://httpstatuses.io/400",
                }),
                Common.ErrorKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", result.Error.Message),
                _ => Problem(StatusCodes.Status404NotFound, "Not found", "There is no such indicator in this partnership."),
            };
        }

        var indicator = await reads.IndicatorAsync(caller, partnershipId, indicatorId, cancellationToken);
        return new Outcome(StatusCodes.Status201Created, indicator!, $"/api/v1/partnerships/{partnershipId}/indicators/{indicatorId}");
    }

    private static string FieldName(string field) => field switch
    {
        nameof(CheckInInput.Value) => "value",
        nameof(CheckInInput.AsOf) => "asOf",
        nameof(CheckInInput.Comment) => "note",
        _ => JsonNamingPolicy.CamelCase.ConvertName(field),
    };

    private static Outcome Invalid(string field, string message) => new(StatusCodes.Status400BadRequest,
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = message,
            Type = "https://httpstatuses.io/400",
        });

    private static Outcome Problem(int status, string title, string detail) =>
        new(status, new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" });

    private static string Serialize(object body) => JsonSerializer.Serialize(body, body.GetType(), ApiJson.Options);

    private static StoredResult Write(Outcome outcome) => Write(outcome.Status, Serialize(outcome.Body), outcome.Location);

    private static StoredResult Write(int status, string json, string? location) => new StoredResult(status, json, location);

    /// <summary>Reads the body up to the limit; null when it is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>An answer as first given: its status, JSON and location, so a replay is byte for byte the same.</summary>
    private sealed class StoredResult(int status, string json, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            return httpContext.Response.WriteAsync(json, httpContext.RequestAborted);
        }
    }
}
