using System.Text;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Workshops;

public static class WorkshopEndpoints
{
    /// <summary>The .ics invitation of a workshop, for any member of its partnership.</summary>
    public static IEndpointRouteBuilder MapWorkshopCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{partnershipId:guid}/workshops/{workshopId:guid}/calendar.ics",
            async (Guid partnershipId, Guid workshopId, HttpContext http, WorkshopService workshops, CancellationToken cancellationToken) =>
            {
                var request = http.Request;
                var url = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/p/{partnershipId}/workshops/{workshopId}");
                var result = await workshops.CalendarFileAsync(http.User.GetUserId(), partnershipId, workshopId, url, cancellationToken);
                return result.Succeeded
                    ? Results.File(Encoding.UTF8.GetBytes(result.Value.Content), "text/calendar; charset=utf-8", result.Value.FileName)
                    : Results.NotFound();
            }).RequireAuthorization();
        return app;
    }
}
