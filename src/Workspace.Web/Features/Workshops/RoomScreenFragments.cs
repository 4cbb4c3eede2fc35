using Workspace.Web.Features.LiveViews;

namespace Workspace.Web.Features.Workshops;

/// <summary>The room screen's top line: the workshop's title and state.</summary>
public sealed record RoomScreenHeaderModel(string Title, WorkshopState State);

/// <summary>
/// The room screen cut into fragments, the top line and the rest, for the page and for the live hub.
/// The timer travels as its end time inside the body (workspace.js counts down), so a running timer
/// sends nothing until it is started, paused or changed.
/// </summary>
public static class RoomScreenFragments
{
    public const string HeaderId = "room-header";
    public const string BodyId = "room-screen";

    public static string KeyOf(Guid partnershipId, Guid workshopId) => $"{partnershipId:D}/{workshopId:D}";

    public static bool TryParseKey(string key, out Guid partnershipId, out Guid workshopId)
    {
        (partnershipId, workshopId) = (Guid.Empty, Guid.Empty);
        var parts = key?.Split('/') ?? [];
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "D", out partnershipId) && Guid.TryParseExact(parts[1], "D", out workshopId);
    }

    public static IReadOnlyList<LiveFragment> Of(RoomScreenModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return
        [
            new(HeaderId, typeof(RoomScreenHeader), new RoomScreenHeaderModel(model.Title, model.State), "workshop"),
            new(BodyId, typeof(RoomScreenBody), model, "current item"),
        ];
    }
}
