namespace Workspace.Web.RealTime;

/// <summary>Someone looking at a place in a partnership, and the field they are editing there, if any.</summary>
public sealed record PresenceEntry(string UserId, string DisplayName, string? OrganisationName, string? EditingField);

/// <summary>Who is on a page of a partnership (the location) right now; published whenever it changes.</summary>
public sealed record PresenceChanged(Guid PartnershipId, string Location, IReadOnlyList<PresenceEntry> People)
    : PartnershipEvent(PartnershipId, null), IEphemeralEvent;

/// <summary>
/// Ephemeral presence: who is where, editing what. Kept in memory, never in the database; the
/// in-memory implementation serves one node and can be replaced by a shared one.
/// </summary>
public interface IPresence
{
    /// <summary>Marks a viewer present at a location until the handle is disposed (page closed, circuit gone).</summary>
    IPresenceHandle Join(Guid partnershipId, string location, string userId, string displayName, string? organisationName);

    IReadOnlyList<PresenceEntry> At(Guid partnershipId, string location);
}

public interface IPresenceHandle : IDisposable
{
    /// <summary>The field being edited, or null when the viewer stops editing.</summary>
    void Editing(string? field);

    /// <summary>Hides the viewer while their connection is down, and shows them again when it is back.</summary>
    void SetConnected(bool connected);
}

public static class PresenceLists
{
    /// <summary>
    /// The list a page should show after a presence update: the one it already shows when the update
    /// brings the same people in the same state (as the echo of its own joining does), so the parts
    /// keyed on the list (avatars, editing notices) do not render again for nothing.
    /// </summary>
    public static IReadOnlyList<PresenceEntry> Latest(IReadOnlyList<PresenceEntry> shown, IReadOnlyList<PresenceEntry> incoming) =>
        shown.SequenceEqual(incoming) ? shown : incoming;

    /// <summary>One entry per person: the same person in two tabs (or on two nodes) shows once, editing if either is.</summary>
    public static IReadOnlyList<PresenceEntry> OnePerPerson(IEnumerable<PresenceEntry> entries) =>
        [.. entries.GroupBy(e => e.UserId)
            .Select(g => g.FirstOrDefault(e => e.EditingField is not null) ?? g.First())
            .OrderBy(e => e.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
}
