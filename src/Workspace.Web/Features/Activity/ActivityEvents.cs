using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Activity;

/// <summary>Which live events stand for a new change in the activity record.</summary>
public static class ActivityEvents
{
    /// <summary>
    /// True for every change a person made to the partnership; false for presence and carets (who is looking or typing where),
    /// which is never recorded, and for another partnership's events.
    /// </summary>
    public static bool IsNewChange(PartnershipEvent change, Guid partnershipId)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.PartnershipId == partnershipId && change is not (IEphemeralEvent or EventsMissed);
    }
}
