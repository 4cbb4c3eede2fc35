using System.Runtime.CompilerServices;

namespace Workspace.Web.Features.CoTyping;

/// <summary>One operation as the browser editor receives it; its own (client id and sequence number) acknowledge what it sent.</summary>
public sealed record CoTextDelivery(long Revision, string Operation, string ClientId, long ClientSeq)
{
    // One delivery per event on a node, however many editors show the text.
    private static readonly ConditionalWeakTable<CoTextChanged, CoTextDelivery> Shared = [];

    public static CoTextDelivery Of(CoTextChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Shared.GetValue(change, static c => new(c.Revision, c.Operation, c.ClientId, c.ClientSeq));
    }

    public static CoTextDelivery Of(CoTextOperationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Revision, view.Operation, view.ClientId, view.ClientSeq);
    }
}

/// <summary>
/// Puts the operations of one co-typed text in revision order for one browser editor. They come from three places —
/// live events (in any order, with gaps), the acks of the editor's own submits, and catch-up reads — and each
/// revision is handed over exactly once, in order. The editor's own live echoes are skipped: its ack covers them.
/// </summary>
public sealed class CoTextSession(Guid textId)
{
    private readonly SortedDictionary<long, CoTextDelivery> _waiting = [];
    private long _latestKnown;

    public Guid TextId { get; } = textId;

    /// <summary>The browser editor's client id, known once it started.</summary>
    public string? ClientId { get; private set; }

    public bool Started => ClientId is not null;

    /// <summary>The last revision handed to the editor.</summary>
    public long Delivered { get; private set; }

    /// <summary>Submits sent to the server and not answered yet; their acks fill their own revisions.</summary>
    public int SubmitsInFlight { get; private set; }

    /// <summary>
    /// True when the editor is behind a revision known to exist that no live event or pending ack will bring:
    /// read the operations since <see cref="Delivered"/>.
    /// </summary>
    public bool NeedsCatchUp => Started && SubmitsInFlight == 0 && _latestKnown > Delivered;

    /// <summary>The editor started at <paramref name="revision"/> (older than <paramref name="latest"/> when a reload left operations to resend).</summary>
    public IReadOnlyList<CoTextDelivery> Start(long revision, long latest, string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ClientId = clientId;
        Delivered = revision;
        _latestKnown = Math.Max(_latestKnown, latest);
        return Flush();
    }

    /// <summary>The editor was reset to the stored text at <paramref name="revision"/> (after a refused operation).</summary>
    public void Reset(long revision)
    {
        Delivered = revision;
        _latestKnown = Math.Max(_latestKnown, revision);
        foreach (var stale in _waiting.Keys.Where(r => r <= revision).ToList())
        {
            _waiting.Remove(stale);
        }
    }

    /// <summary>A live event for this text; what is now ready to hand over, in order.</summary>
    public IReadOnlyList<CoTextDelivery> Receive(CoTextChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.TextId != TextId)
        {
            return [];
        }

        _latestKnown = Math.Max(_latestKnown, change.Revision);
        if (Started && change.ClientId == ClientId)
        {
            // The ack of the submit brings this revision.
            return [];
        }

        var delivery = CoTextDelivery.Of(change);
        if (Started && change.Revision == Delivered + 1 && _waiting.Count == 0)
        {
            // The usual case, once per viewer per keystroke: the next revision, nothing waiting.
            Delivered = change.Revision;
            return [delivery];
        }

        return Take([delivery]);
    }

    public void SubmitStarted() => SubmitsInFlight++;

    /// <summary>A submit was answered; its ack (null when refused or failed) takes its place in the order.</summary>
    public IReadOnlyList<CoTextDelivery> SubmitEnded(CoTextDelivery? ack)
    {
        SubmitsInFlight = Math.Max(0, SubmitsInFlight - 1);
        return ack is null ? Flush() : Take([ack]);
    }

    /// <summary>Operations read to catch up (or an ack); what is now ready to hand over, in order.</summary>
    public IReadOnlyList<CoTextDelivery> Take(IEnumerable<CoTextDelivery> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            _latestKnown = Math.Max(_latestKnown, operation.Revision);
            if (operation.Revision > Delivered)
            {
                _waiting.TryAdd(operation.Revision, operation);
            }
        }

        return Flush();
    }

    private List<CoTextDelivery> Flush()
    {
        var ready = new List<CoTextDelivery>();
        if (!Started)
        {
            return ready;
        }

        if (_waiting.Count == 0)
        {
            return ready;
        }

        foreach (var stale in _waiting.Keys.Where(r => r <= Delivered).ToList())
        {
            _waiting.Remove(stale);
        }

        while (_waiting.Remove(Delivered + 1, out var next))
        {
            ready.Add(next);
            Delivered = next.Revision;
        }

        return ready;
    }
}
