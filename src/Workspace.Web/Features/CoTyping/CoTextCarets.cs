using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>
/// Someone's caret or selection (<see cref="Start"/> to <see cref="End"/>, UTF-16 indices) in a co-typed text, as it is
/// at <see cref="Revision"/>. Ephemeral: never stored, only passed to the other editors of the text.
/// </summary>
public sealed record CoTextCaretMoved(
    Guid PartnershipId, string? ActorUserId, Guid TextId, string ClientId, string DisplayName, string? OrganisationName, string Colour,
    long Revision, int Start, int End)
    : PartnershipEvent(PartnershipId, ActorUserId), ITextEditorEvent;

/// <summary>An editor of a co-typed text closed: its caret goes.</summary>
public sealed record CoTextCaretLeft(Guid PartnershipId, string? ActorUserId, Guid TextId, string ClientId)
    : PartnershipEvent(PartnershipId, ActorUserId), ITextEditorEvent;

/// <summary>
/// Another person's caret as they reported it: at <see cref="Revision"/>, in their colour, with their name. The browser
/// moves it over the operations it applies from there.
/// </summary>
public sealed record RemoteCaret(string ClientId, string UserId, string Label, string Colour, long Revision, int Start, int End);

/// <summary>
/// The other editors' carets for one editor, each as its person last reported it. Nothing here moves per keystroke: the
/// browser keeps the operations it applied lately, places a caret reported at an earlier revision over them (one older
/// than those it keeps waits for its person's next report), holds one reported at a later revision until it gets
/// there, and moves every caret over each operation it applies (co-text-carets.js). A caret goes when its editor
/// closes or when its person is no longer present in the text (a closed tab, a dead circuit, a node gone: presence expiry).
/// </summary>
public sealed class CoTextCaretsState(Guid textId)
{
    private readonly Dictionary<string, CoTextCaretMoved> _carets = new(StringComparer.Ordinal);
    private string? _ownClientId;

    public Guid TextId { get; } = textId;

    /// <summary>Who is in the text now (from presence), other than the viewer; null until presence is first known.</summary>
    public IReadOnlyList<PresenceEntry> Others { get; private set; } = [];

    public IReadOnlyList<RemoteCaret> Carets =>
        [.. _carets.Values.OrderBy(c => c.ClientId, StringComparer.Ordinal).Select(ToRemote)];

    public void Start(string ownClientId) => _ownClientId = ownClientId;

    /// <summary>The editor was reset to the stored text: every caret comes again with its next report.</summary>
    public void Reset() => _carets.Clear();

    /// <summary>A caret of this text moved; true when what the editor shows changed.</summary>
    public bool Moved(CoTextCaretMoved moved)
    {
        ArgumentNullException.ThrowIfNull(moved);
        if (moved.TextId != TextId || moved.ClientId == _ownClientId)
        {
            return false;
        }

        _carets[moved.ClientId] = moved;
        return true;
    }

    public bool Left(CoTextCaretLeft left)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.TextId == TextId && _carets.Remove(left.ClientId);
    }

    /// <summary>
    /// Who is in the text now; the carets of people no longer there go. Returns whether the carets or the people
    /// changed, and whether someone new came (the editor then shows them its caret again).
    /// </summary>
    public (bool Changed, bool Newcomer) Present(IReadOnlyList<PresenceEntry> people, string viewerUserId)
    {
        ArgumentNullException.ThrowIfNull(people);
        var here = people.Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
        var gone = _carets.Values.Where(c => !here.Contains(c.ActorUserId ?? "")).Select(c => c.ClientId).ToList();
        foreach (var clientId in gone)
        {
            _carets.Remove(clientId);
        }

        var others = people.Where(p => p.UserId != viewerUserId).ToList();
        var newcomer = others.Any(p => Others.All(o => o.UserId != p.UserId));
        var changed = gone.Count > 0 || !others.SequenceEqual(Others);
        Others = others;
        return (changed, newcomer);
    }

    private static RemoteCaret ToRemote(CoTextCaretMoved moved) =>
        new(moved.ClientId, moved.ActorUserId ?? "", CaretColours.Label(moved.DisplayName, moved.OrganisationName), moved.Colour, moved.Revision, moved.Start, moved.End);
}

/// <summary>Each person's caret colour: the same on every screen and node, dark enough for white label text (WCAG AA, 4.5:1).</summary>
public static class CaretColours
{
    public static IReadOnlyList<string> Palette { get; } =
        ["#1565C0", "#AD1457", "#2E7D32", "#6A1B9A", "#C62828", "#00695C", "#283593", "#5D4037"];

    /// <summary>FNV-1a over the user id: string.GetHashCode differs per process, and every node must agree.</summary>
    public static string For(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return Palette[(int)(hash % (uint)Palette.Count)];
    }

    public static string Label(string name, string? organisation) =>
        string.IsNullOrEmpty(organisation) ? name : $"{name} · {organisation}";
}
