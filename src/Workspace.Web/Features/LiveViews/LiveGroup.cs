using System.Diagnostics;
using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Workspace.Web.Features.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// One view's watchers on this node and the one model they share. Events queue up and one loop applies
/// them: the events waiting when the loop comes round (those that arrived while the last update was
/// sent, or within <see cref="LiveViewOptions.CoalesceWindow"/> if set) become one update, which renders
/// only the fragments whose models changed, once, and goes to the whole group with the next
/// <c>seq</c>. An event that changes nothing shown sends nothing and leaves <c>seq</c> as it was.
/// </summary>
internal sealed partial class LiveGroup : IAsyncDisposable
{
    private readonly LiveGroups _owner;
    private readonly ILiveView _view;
    private readonly string _key;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<PartnershipEvent> _inbox = Channel.CreateUnbounded<PartnershipEvent>(new() { SingleReader = true });
    /// <summary>Each fragment as last sent, and its HTML; null after a list patch, until a snapshot asks for it.</summary>
    private readonly Dictionary<string, (LiveFragment Fragment, string? Html)> _shown = new(StringComparer.Ordinal);

    /// <summary>Each fragment's hash, for the HTML it was computed from (the same string instance): computed once per change, not per join.</summary>
    private readonly Dictionary<string, (string Html, string Hash)> _hashes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private LiveModel? _model;
    private IDisposable? _subscription;
    private Task? _loop;
    private long _seq;
    private bool _reload;
    private long _loadedAt;
    private long _sentAt;
    private int _sentTo;

    /// <summary>Counts the loop's end and the disposal: the second of them frees the gate and the token source.</summary>
    private int _ends;
    private int _disposed;

    public LiveGroup(LiveGroups owner, ILiveView view, string key, string name)
    {
        (_owner, _view, _key, Name) = (owner, view, key, name);
    }

    public string Name { get; }

    /// <summary>Connection id → the person watching and the slice they are sent in; guarded by the owner's lock.</summary>
    public Dictionary<string, LiveWatcher> Watchers { get; } = new(StringComparer.Ordinal);

    /// <summary>How many watchers each slice holds (index: slice number); guarded by the owner's lock.</summary>
    private readonly List<int> _sliceCounts = [];

    /// <summary>Adds (or keeps) a watcher in the first slice with room; returns that slice's SignalR group. Under the owner's lock.</summary>
    public string Add(string connectionId, ClaimsPrincipal user)
    {
        if (Watchers.TryGetValue(connectionId, out var known))
        {
            Watchers[connectionId] = known with { User = user };
            return SliceName(known.Slice);
        }

        var size = Math.Max(1, _owner.Options.SliceSize);
        var slice = _sliceCounts.FindIndex(count => count < size);
        if (slice < 0)
        {
            slice = _sliceCounts.Count;
            _sliceCounts.Add(0);
        }

        _sliceCounts[slice]++;
        Watchers[connectionId] = new LiveWatcher(user, user.GetUserId(), slice);
        return SliceName(slice);
    }

    /// <summary>Removes a watcher; returns the SignalR group it was in, or null when it was not watching. Under the owner's lock.</summary>
    public string? Remove(string connectionId)
    {
        if (!Watchers.Remove(connectionId, out var watcher))
        {
            return null;
        }

        _sliceCounts[watcher.Slice]--;
        return SliceName(watcher.Slice);
    }

    /// <summary>The SignalR groups of the slices that hold watchers. Under the owner's lock.</summary>
    public string[] Slices()
    {
        var names = new List<string>(_sliceCounts.Count);
        for (var slice = 0; slice < _sliceCounts.Count; slice++)
        {
            if (_sliceCounts[slice] > 0)
            {
                names.Add(SliceName(slice));
            }
        }

        return [.. names];
    }

    private string SliceName(int slice) => $"{Name}#{slice}";

    /// <summary>
    /// Every fragment as shown now, but those the page already shows (<paramref name="shown"/>: element id → hash);
    /// loads the model first when this is the group's first watcher.
    /// </summary>
    public async Task<LiveSnapshot?> SnapshotAsync(ClaimsPrincipal user, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? shown = null)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_model is null && !await LoadAsync(user, cancellationToken))
            {
                return null;
            }

            await RenderPatchedAsync();
            var fragments = new Dictionary<string, string>(_shown.Count, StringComparer.Ordinal);
            foreach (var (id, (_, html)) in _shown)
            {
                if (shown is null || !shown.TryGetValue(id, out var hash) || hash != HashOf(id, html!))
                {
                    fragments[id] = html!;
                }
            }

            return new LiveSnapshot(_seq, fragments);
        }
        finally
        {
            _gate.Release();
        }
    }

    private IDisposable Subscribe(Guid partnershipId) =>
        _owner.Events.Subscribe(partnershipId, change =>
        {
            _inbox.Writer.TryWrite(change);
            return Task.CompletedTask;
        });

    private string HashOf(string id, string html)
    {
        if (!_hashes.TryGetValue(id, out var known) || !ReferenceEquals(known.Html, html))
        {
            known = (html, LiveFragmentHash.Of(html));
            _hashes[id] = known;
        }

        return known.Hash;
    }

    private async Task<bool> LoadAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // Subscribed before the read when the key names the partnership: a change committed while the model loads
        // would otherwise be lost (it arrives after the read and before a later subscription).
        if (_subscription is null && _view.PartnershipOf(_key) is { } partnershipId)
        {
            _subscription = Subscribe(partnershipId);
        }

        if (await _view.LoadAsync(user, _key, cancellationToken) is not { } model)
        {
            return false;
        }

        _model = model;
        _loadedAt = Environment.TickCount64;
        // Otherwise subscribed only now (the public page's key is a slug): a change committed between the read and
        // this subscription was missed, so the group loads once more, as after a gap on the bus.
        if (_subscription is null)
        {
            _subscription = Subscribe(model.PartnershipId);
            _inbox.Writer.TryWrite(new EventsMissed(model.PartnershipId));
        }
        _loop ??= Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        _shown.Clear();
        var fragments = model.Fragments();
        var html = await _owner.Renderer.RenderAsync(fragments);
        foreach (var fragment in fragments)
        {
            _shown[fragment.ElementId] = (fragment, html[fragment.ElementId]);
        }

        return true;
    }

    /// <summary>Renders whole the list fragments that were sent as patches since, for a snapshot (rare: a join or a gap).</summary>
    private async Task RenderPatchedAsync()
    {
        var patched = _shown.Values.Where(s => s.Html is null).Select(s => s.Fragment).ToList();
        if (patched.Count == 0)
        {
            return;
        }

        var html = await _owner.Renderer.RenderAsync(patched);
        foreach (var fragment in patched)
        {
            _shown[fragment.ElementId] = (fragment, html[fragment.ElementId]);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await ApplyEventsAsync(stop);
        }
        catch (OperationCanceledException)
        {
            // The last watcher left: the inbox was completed and the loop cancelled.
        }
        finally
        {
            Ended();
        }
    }

    private void Ended()
    {
        if (Interlocked.Increment(ref _ends) == 2)
        {
            _stop.Dispose();
            _gate.Dispose();
        }
    }

    private async Task ApplyEventsAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // A load held back by the interval goes on without waiting for another event.
            var arrived = _reload || await WaitForEventsAsync(stop);
            if (arrived && PaceWait() is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop);
            }

            if (_reload && ReloadWait() > TimeSpan.Zero)
            {
                // Events arriving meanwhile join this burst: one load for all of them, for all watchers.
                await Task.Delay(ReloadWait(), stop);
            }

            await _gate.WaitAsync(stop);
            try
            {
                // Without events the fragments are still compared once a minute: a new day moves "overdue".
                var changed = !arrived;
                var revoked = new List<string>();
                while (_inbox.Reader.TryRead(out var change))
                {
                    changed |= Take(change, revoked);
                }

                if (revoked.Count > 0)
                {
                    await _owner.RevokeAsync(this, revoked);
                }

                if (changed || _reload)
                {
                    await SendChangesAsync(stop);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // One failed update (a timed-out load's cancellation too) must not end the view: the next event, or a watcher's resync, catches up.
                LogUpdateFailed(_owner.Logger, e, Name);
                _reload = true;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>True when events arrived, false when a minute passed without any.</summary>
    private async Task<bool> WaitForEventsAsync(CancellationToken stop)
    {
        using var minute = CancellationTokenSource.CreateLinkedTokenSource(stop);
        minute.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            // A completed inbox means the group was disposed: end the loop as a cancellation does.
            return await _inbox.Reader.WaitToReadAsync(minute.Token) ? true : throw new OperationCanceledException(stop);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested && minute.IsCancellationRequested)
        {
            return false;
        }
    }

    private bool Take(PartnershipEvent change, List<string> revoked)
    {
        if (change is EventsMissed)
        {
            _reload = true;
            return false;
        }

        // Asked once per event: only an event that ends someone's right looks at the watchers.
        if (_model?.RevokedUserId(change) is { } userId)
        {
            revoked.AddRange(_owner.ConnectionsOf(this, userId));
        }

        if (_model?.ReloadsOn(change) == true)
        {
            _reload = true;
            return false;
        }

        return _model?.Apply(change) == true;
    }

    /// <summary>
    /// How long the next update waits: the coalescing window, or longer for a large group, whose sends
    /// (about <see cref="LiveViewOptions.SendCostPerWatcher"/> each, most of it in the transport after the
    /// group send returns) must be done before the next update, or every edit queues behind the last.
    /// </summary>
    private TimeSpan PaceWait()
    {
        var options = _owner.Options;
        var pace = options.SendCostPerWatcher * _sentTo - Stopwatch.GetElapsedTime(_sentAt);
        return pace > options.CoalesceWindow ? pace : options.CoalesceWindow;
    }

    private TimeSpan ReloadWait() =>
        TimeSpan.FromMilliseconds(_loadedAt + (long)_owner.Options.ReloadInterval.TotalMilliseconds - Environment.TickCount64);

    private async Task SendChangesAsync(CancellationToken stop)
    {
        if (_reload)
        {
            _reload = false;
            var loader = _owner.AnyWatcherOf(this);
            if (loader is null)
            {
                return;
            }

            var fresh = await _view.LoadAsync(loader, _key, stop);
            _loadedAt = Environment.TickCount64;
            if (fresh is null)
            {
                if (_model is { SameForEveryone: true } gone)
                {
                    // Gone for one is gone for all (the public page no longer published): close every watcher now.
                    await _owner.RevokeAsync(this, _owner.ConnectionsOf(this, null), gone.GoneMessage);
                }

                return;
            }

            _model = fresh;
        }

        if (_model is null)
        {
            return;
        }

        var whole = new List<LiveFragment>();
        var patched = new List<(LiveFragment Fragment, LiveListDiff Diff)>();
        foreach (var fragment in _model.Fragments())
        {
            var known = _shown.TryGetValue(fragment.ElementId, out var shown);
            if (known && Equals(shown.Fragment.Model, fragment.Model))
            {
                continue;
            }

            // A list whose shell stayed sends only the items that came, changed or left.
            if (known && shown.Fragment.List is { } was && fragment.List is { } now && LiveListDiff.Between(was, now) is { } diff)
            {
                patched.Add((fragment, diff));
            }
            else
            {
                whole.Add(fragment);
            }
        }

        if (whole.Count + patched.Count == 0)
        {
            return;
        }

        var html = await _owner.Renderer.RenderAsync(whole.Select(f => (f.ElementId, f.Component, f.Model)).Concat(
            patched.SelectMany(p => p.Diff.Changed.Select(c => (ItemKey(p.Fragment, c.Item), c.Item.Component, c.Item.Model)))));
        var fragments = new Dictionary<string, string>(whole.Count, StringComparer.Ordinal);
        foreach (var fragment in whole)
        {
            fragments[fragment.ElementId] = html[fragment.ElementId];
            _shown[fragment.ElementId] = (fragment, html[fragment.ElementId]);
        }

        Dictionary<string, LiveListPatch>? lists = null;
        foreach (var (fragment, diff) in patched)
        {
            lists ??= new(StringComparer.Ordinal);
            lists[fragment.ElementId] = new LiveListPatch(diff.Removed,
                [.. diff.Changed.Select(c => new LiveItemHtml(c.Item.Key, html[ItemKey(fragment, c.Item)], c.Before))]);
            _shown[fragment.ElementId] = (fragment, null);
        }

        _seq++;
        var summary = $"Updated: {string.Join(", ", whole.Concat(patched.Select(p => p.Fragment)).Select(f => f.Name).Distinct())}.";
        var update = new LiveUpdate(_seq, fragments, summary, lists);
        var slices = _owner.SlicesOf(this);
        for (var i = 0; i < slices.Length; i++)
        {
            if (i > 0)
            {
                // Behind the transports the last slice woke: they send and hand its buffers back to the pool first.
                await Task.Yield();
            }

            await _owner.Hub.Clients.Group(slices[i]).SendAsync(LiveContract.Update, update, stop);
        }

        (_sentAt, _sentTo) = (Stopwatch.GetTimestamp(), _owner.WatcherCount(this));
    }

    // Element ids hold no line break: an item's key cannot meet a fragment's in one render.
    private static string ItemKey(LiveFragment fragment, LiveItem item) => $"{fragment.ElementId}\n{item.Key}";

    /// <summary>
    /// Stops the group once its last watcher left. The loop is not awaited, since a revocation inside it can
    /// be what removed the last watcher; it ends at its next step and frees what it used.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _subscription?.Dispose();
        _inbox.Writer.TryComplete();
        // Not disposed yet whatever the loop did: only the second of the loop's end and this frees it.
        await _stop.CancelAsync();
        if (_loop is null)
        {
            Ended();
        }

        Ended();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live view {Group} could not send an update; it loads again on the next event")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, string group);
}

/// <summary>One connection watching a view: the person (to load the view as), their id (asked once, for revocations) and their slice.</summary>
internal sealed record LiveWatcher(ClaimsPrincipal User, string? UserId, int Slice);
