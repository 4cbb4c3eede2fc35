namespace Workspace.Web.Features.Workshops;

/// <summary>
/// The agenda as a render key: equal when the items are equal one by one. Every change to the run
/// (a timer command, the current item) brings a new list of equal items, which must not render the agenda again.
/// </summary>
public readonly struct AgendaKey(IReadOnlyList<AgendaItemView> items) : IEquatable<AgendaKey>
{
    public IReadOnlyList<AgendaItemView> Items { get; } = items;

    public bool Equals(AgendaKey other) => ReferenceEquals(Items, other.Items) || (Items is not null && other.Items is not null && Items.SequenceEqual(other.Items));

    public override bool Equals(object? obj) => obj is AgendaKey other && Equals(other);

    public override int GetHashCode() => Items?.Count ?? 0;

    public static bool operator ==(AgendaKey left, AgendaKey right) => left.Equals(right);

    public static bool operator !=(AgendaKey left, AgendaKey right) => !left.Equals(right);
}
