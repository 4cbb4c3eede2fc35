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

/// <summary>Another person's caret as the browser draws it: at the editor's revision, in their colour, with their name.</summary>
public sealed record RemoteCaret(string ClientId, string UserId, string Label, string Colour, int Start, int End);

/// <summary>
/// The other editors' carets for one editor, kept at the revision it has been handed (<see cref="Revision"/>). A caret
/// made at an older revision is moved over the operations since (the last <see cref="History"/> are kept); one made
/// at a newer revision waits until the editor gets there. Each operation moves every caret, its author's own along
/// with an insert at it (they typed it), the others' not. A caret goes when its editor closes or when its person is
/// no longer present in the text (a closed tab, a dead circuit, a node gone: presence expiry).
/// </summary>
public sealed class CoTextCaretsState(Guid textId)
{
    public const int History = 256;

    private readonly Dictionary<string, Placed> _carets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CoTextCaretMoved> _waiting = new(StringComparer.Ordinal);
    private readonly LinkedList<CoTextDelivery> _recent = new();
    private string? _ownClientId;

    public Guid TextId { get; } = textId;

    public long Revision { get; private set; }

    /// <summary>Who is in the text now (from presence), other than the viewer; null until presence is first known.</summary>
    public IReadOnlyList<PresenceEntry> Others { get; private set; } = [];

    public IReadOnlyList<RemoteCaret> Carets =>
        [.. _carets.Values.OrderBy(c => c.Moved.ClientId, StringComparer.Ordinal).Select(c => c.ToRemote())];

    public void Start(long revision, string ownClientId)
    {
        Revision = revision;
        _ownClientId = ownClientId;
    }

    /// <summary>The editor was reset to the stored text: every caret comes again with its next move.</summary>
    public void Reset(long revision)
    {
        Revision = revision;
        _carets.Clear();
        _waiting.Clear();
        _recent.Clear();
    }

    /// <summary>Operations handed to the editor, in order; true when a waiting caret could now be placed.</summary>
    public bool Delivered(IReadOnlyList<CoTextDelivery> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            if (operation.Revision != Revision + 1)
            {
                continue;
            }

            Revision = operation.Revision;
            _recent.AddLast(operation);
            if (_recent.Count > History)
            {
                _recent.RemoveFirst();
            }

            if (_carets.Count > 0 && operation.Parsed is { } parsed)
            {
                foreach (var caret in _carets.Values)
                {
                    caret.Move(parsed, operation.ClientId);
                }
            }
        }

        if (_waiting.Count == 0)
        {
            return false;
        }

        var placed = false;
        foreach (var waiting in _waiting.Values.Where(w => w.Revision <= Revision).ToList())
        {
            _waiting.Remove(waiting.ClientId);
            placed |= Moved(waiting);
        }

        return placed;
    }

    /// <summary>A caret of this text moved; true when what the editor shows changed.</summary>
    public bool Moved(CoTextCaretMoved moved)
    {
        ArgumentNullException.ThrowIfNull(moved);
        if (moved.TextId != TextId || moved.ClientId == _ownClientId)
        {
            return false;
        }

        if (moved.Revision > Revision)
        {
            _waiting[moved.ClientId] = moved;
            return _carets.Remove(moved.ClientId);
        }

        var caret = new Placed(moved);
        if (moved.Revision < Revision)
        {
            // From the newest back: a caret is usually only a few operations behind.
            var since = new List<CoTextDelivery>();
            for (var node = _recent.Last; node is not null && node.Value.Revision > moved.Revision; node = node.Previous)
            {
                since.Add(node.Value);
            }

            since.Reverse();
            if (since.Count != Revision - moved.Revision)
            {
                // Too old to place truly: it comes again with its person's next move.
                return _carets.Remove(moved.ClientId);
            }

            foreach (var operation in since)
            {
                if (operation.Parsed is { } parsed)
                {
                    caret.Move(parsed, operation.ClientId);
                }
            }
        }

        _carets[moved.ClientId] = caret;
        return true;
    }

    public bool Left(CoTextCaretLeft left)
    {
        ArgumentNullException.ThrowIfNull(left);
        _waiting.Remove(left.ClientId);
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
        var gone = _carets.Values.Where(c => !here.Contains(c.Moved.ActorUserId ?? "")).Select(c => c.Moved.ClientId).ToList();
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

    private sealed class Placed(CoTextCaretMoved moved)
    {
        public CoTextCaretMoved Moved { get; } = moved;

        public int Start { get; private set; } = moved.Start;

        public int End { get; private set; } = moved.End;

        public void Move(TextOperation operation, string byClientId)
        {
            var own = byClientId == Moved.ClientId;
            Start = operation.TransformIndex(Math.Min(Start, operation.BaseLength), own);
            End = Math.Max(Start, operation.TransformIndex(Math.Min(End, operation.BaseLength), own));
        }

        public RemoteCaret ToRemote() =>
            new(Moved.ClientId, Moved.ActorUserId ?? "", CaretColours.Label(Moved.DisplayName, Moved.OrganisationName), Moved.Colour, Start, End);
    }
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
