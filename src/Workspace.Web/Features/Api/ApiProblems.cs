using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Workspace.Web.Features.Api;

/// <summary>RFC 9457 problem details for every error the API gives, with a type link per status.</summary>
internal static class ApiProblems
{
    private const string TypeBase = "https://httpstatuses.io/";

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeBase + status);

    /// <summary>The same answer for another partnership's ids as for ids that do not exist.</summary>
    public static ProblemHttpResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, "Not found", "There is no such partnership, or no such item in it, for this token.");

    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, message,
            title: "The request is not valid", type: TypeBase + StatusCodes.Status400BadRequest);

    /// <summary>Writes a problem outside an endpoint (challenge, refusal, rate limit), whatever the request accepts.</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeBase + status };
        return context.Response.WriteAsJsonAsync(problem, ApiJson.Options, "application/problem+json", context.RequestAborted);
    }
}
