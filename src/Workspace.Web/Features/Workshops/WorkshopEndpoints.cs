using System.Text;
using Workspace.Web.Features.Common;
using Workspace.Web.Hosting;

namespace Workspace.Web.Features.Workshops;

public static class WorkshopEndpoints
{
    /// <summary>The .ics invitation of a workshop, for any member of its partnership; its link is under the public origin.</summary>
    public static IEndpointRouteBuilder MapWorkshopCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{partnershipId:guid}/workshops/{workshopId:guid}/calendar.ics",
            async (Guid partnershipId, Guid workshopId, HttpContext http, WorkshopOutputService outputs, PublicOrigin origin, CancellationToken cancellationToken) =>
            {
                var url = origin.Link($"p/{partnershipId}/workshops/{workshopId}");
                var result = await outputs.CalendarFileAsync(http.User.GetUserId(), partnershipId, workshopId, url, cancellationToken);
                return result.Succeeded
                    ? Results.File(Encoding.UTF8.GetBytes(result.Value.Content), "text/calendar; charset=utf-8", result.Value.FileName)
                    : Results.NotFound();
            }).RequireAuthorization().WithNoStore();
        return app;
    }
}
