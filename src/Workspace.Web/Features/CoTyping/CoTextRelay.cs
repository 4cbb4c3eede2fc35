using Microsoft.AspNetCore.SignalR;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>
/// The node's one listener for co-typed texts with editors joined on <see cref="CoTextHub"/>: it subscribes to a
/// partnership's events while any of its texts has a joined connection here, and sends each text's group one message
/// per burst of operations, the same bytes for every editor. Group names carry the node's id: every node hears every
/// event (decision 016), so each sends to its own connections only, with or without a backplane (decision 017). The
/// order of a burst is the order the node heard it; across nodes it may differ, so the browser orders by revision.
/// </summary>
public sealed partial class CoTextRelay(IPartnershipEvents events, IHubContext<CoTextHub> hub, ILogger<CoTextRelay> logger)
{
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Listener> _partnerships = [];
    // The texts joined here, each with its partnership and connections; read on the bus's thread to decide what concerns us.
    private readonly Dictionary<Guid, Joined> _texts = [];
    private readonly Dictionary<string, HashSet<Guid>> _byConnection = new(StringComparer.Ordinal);
    // Whose each connection is: a person removed from the partnership stops receiving its texts at once.
    private readonly Dictionary<string, string> _people = new(StringComparer.Ordinal);

    /// <summary>How many partnerships this node listens to for joined texts (for tests and diagnostics).</summary>
    public int PartnershipCount
    {
        get
        {
            lock (_lock)
            {
                return _partnerships.Count;
            }
        }
    }

    /// <summary>The SignalR group of a text's editors on this node.</summary>
    internal string GroupOf(Guid textId) => $"{_node}|co-text|{textId:N}";

    /// <summary>Adds the connection to the text's group (the caller checked the person may read it); false past the per-connection limit.</summary>
    public async Task<bool> JoinAsync(string connectionId, string userId, Guid partnershipId, Guid textId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _people[connectionId] = userId;
            var joined = _byConnection.TryGetValue(connectionId, out var known) ? known : [];
            if (!joined.Contains(textId))
            {
                if (joined.Count >= CoTextContract.MaxTextsPerConnection)
                {
                    return false;
                }

                if (!_texts.TryGetValue(textId, out var text))
                {
                    text = new Joined(partnershipId);
                    _texts[textId] = text;
                    if (!_partnerships.TryGetValue(partnershipId, out var listener))
                    {
                        listener = new Listener();
                        _partnerships[partnershipId] = listener;
                        listener.Subscription = events.SubscribeBatches(partnershipId, Concerns, changes => SendAsync(partnershipId, changes));
                    }

                    listener.Texts++;
                }

                text.Connections.Add(connectionId);
                joined.Add(textId);
                _byConnection[connectionId] = joined;
            }
        }

        try
        {
            await hub.Groups.AddToGroupAsync(connectionId, GroupOf(textId), cancellationToken);
            return true;
        }
        catch
        {
            await LeaveAsync(connectionId, textId);
            throw;
        }
    }

    /// <summary>Takes the connection out of the text's group; the partnership's subscription ends with its last joined text.</summary>
    public async Task LeaveAsync(string connectionId, Guid textId)
    {
        bool was;
        lock (_lock)
        {
            was = _byConnection.TryGetValue(connectionId, out var joined) && joined.Remove(textId);
            if (was)
            {
                Forget(connectionId, textId);
            }
        }

        if (was)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(textId));
        }
    }

    /// <summary>Forgets a connection that closed (SignalR has taken it out of its groups already).</summary>
    public Task LeaveAllAsync(string connectionId)
    {
        lock (_lock)
        {
            _people.Remove(connectionId);
            if (_byConnection.Remove(connectionId, out var joined))
            {
                foreach (var textId in joined)
                {
                    Forget(connectionId, textId);
                }
            }
        }

        return Task.CompletedTask;
    }

    private void Forget(string connectionId, Guid textId)
    {
        if (!_texts.TryGetValue(textId, out var text) || !text.Connections.Remove(connectionId) || text.Connections.Count > 0)
        {
            return;
        }

        _texts.Remove(textId);
        if (_partnerships.TryGetValue(text.PartnershipId, out var listener) && --listener.Texts == 0)
        {
            _partnerships.Remove(text.PartnershipId);
            listener.Subscription?.Dispose();
        }
    }

    /// <summary>Asked on the bus's thread: only operations of joined texts (and a missed-events notice) come through.</summary>
    private bool Concerns(PartnershipEvent change)
    {
        if (change is EventsMissed or MemberRemoved)
        {
            return true;
        }

        if (change is not CoTextChanged text)
        {
            return false;
        }

        lock (_lock)
        {
            return _texts.ContainsKey(text.TextId);
        }
    }

    /// <summary>One message per text for the burst: its operations in the order heard.</summary>
    private async Task SendAsync(Guid partnershipId, IReadOnlyList<PartnershipEvent> changes)
    {
        Dictionary<Guid, List<CoTextDelivery>>? byText = null;
        var missed = false;
        List<string>? removed = null;
        foreach (var change in changes)
        {
            if (change is CoTextChanged text)
            {
                byText ??= [];
                if (!byText.TryGetValue(text.TextId, out var list))
                {
                    list = [];
                    byText[text.TextId] = list;
                }

                list.Add(CoTextDelivery.Of(text));
            }
            else if (change is EventsMissed)
            {
                missed = true;
            }
            else if (change is MemberRemoved member)
            {
                (removed ??= []).Add(member.UserId);
            }
        }

        try
        {
            foreach (var userId in removed ?? [])
            {
                await RevokeAsync(partnershipId, userId);
            }

            foreach (var (textId, deliveries) in byText ?? [])
            {
                await hub.Clients.Group(GroupOf(textId)).SendAsync(CoTextContract.Operations, textId, deliveries);
            }

            if (missed)
            {
                foreach (var textId in TextsOf(partnershipId))
                {
                    await hub.Clients.Group(GroupOf(textId)).SendAsync(CoTextContract.Missed, textId);
                }
            }
        }
#pragma warning disable CA1031 // A failed send belongs to its editors, which catch up on their next gap; the bus goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(logger, ex, partnershipId);
        }
    }

    /// <summary>Takes a removed member's connections out of the partnership's texts (their page leaves the partnership too).</summary>
    private async Task RevokeAsync(Guid partnershipId, string userId)
    {
        List<(string Connection, Guid Text)> gone = [];
        lock (_lock)
        {
            foreach (var (connectionId, joined) in _byConnection)
            {
                if (_people.GetValueOrDefault(connectionId) != userId)
                {
                    continue;
                }

                foreach (var textId in joined)
                {
                    if (_texts.TryGetValue(textId, out var text) && text.PartnershipId == partnershipId)
                    {
                        gone.Add((connectionId, textId));
                    }
                }
            }

            foreach (var (connectionId, textId) in gone)
            {
                _byConnection[connectionId].Remove(textId);
                Forget(connectionId, textId);
            }
        }

        foreach (var (connectionId, textId) in gone)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(textId));
        }
    }

    private List<Guid> TextsOf(Guid partnershipId)
    {
        lock (_lock)
        {
            return [.. _texts.Where(t => t.Value.PartnershipId == partnershipId).Select(t => t.Key)];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Co-typed operations of partnership {PartnershipId} could not be sent to their editors")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid partnershipId);

    private sealed class Listener
    {
        public int Texts { get; set; }

        public IDisposable? Subscription { get; set; }
    }

    private sealed class Joined(Guid partnershipId)
    {
        public Guid PartnershipId { get; } = partnershipId;

        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);
    }
}
