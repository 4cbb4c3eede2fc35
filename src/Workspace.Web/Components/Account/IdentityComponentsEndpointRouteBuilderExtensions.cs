using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Workspace.Web.Data;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Endpoints the account pages post to that are not pages themselves.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect($"~/{returnUrl?.TrimStart('/')}");
        });

        // A copy of everything stored about the signed-in person (their right of access).
        accountGroup.MapGet("/Manage/PersonalData/Download", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] Workspace.Web.Features.Profile.PersonalDataService personalData,
            CancellationToken cancellationToken) =>
        {
            var userId = userManager.GetUserId(context.User);
            var json = userId is null ? null : await personalData.ExportAsync(userId, cancellationToken);
            if (json is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(json, "application/json", "partnership-workspace-my-data.json");
        }).RequireAuthorization();

        return accountGroup;
    }
}
