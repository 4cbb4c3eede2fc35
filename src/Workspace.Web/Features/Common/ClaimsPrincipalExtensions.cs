using System.Security.Claims;

namespace Workspace.Web.Features.Common;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in person's user id, or null when signed out.</summary>
    public static string? GetUserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
