using StackExchange.Redis;

namespace Workspace.Web.RealTime;

/// <summary>What the bus does while Redis is unreachable and when it is back.</summary>
public sealed partial class RedisPartnershipEvents
{
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => GoneDown($"{e.ConnectionType} {e.FailureType}");

    private void GoneDown(string reason)
    {
        lock (_gate)
        {
            if (_down)
            {
                return;
            }

            _down = true;
        }

        // Once per outage: every publish meanwhile is sent to this node's viewers only.
        LogUnreachable(reason);
        _status.MarkUnreachable();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Both connections must be back: the subscriber's to receive, the other to number and send.
        if (!_redis.IsConnected || !_redis.GetSubscriber().IsConnected())
        {
            return;
        }

        List<Channel> channels;
        List<Guid> unsent;
        lock (_gate)
        {
            if (!_down)
            {
                return;
            }

            _down = false;
            channels = [.. _channels.Values];
            unsent = [.. _unsent];
            _unsent.Clear();
        }

        LogRestored(channels.Count);
        _status.MarkReachable();
        foreach (var partnershipId in unsent)
        {
            _ = SkipNumberAsync(partnershipId);
        }

        foreach (var channel in channels)
        {
            // Other nodes' events of the outage are lost for good, and Redis may have restarted empty:
            // count from where its counter stands now, and let the pages load what they missed.
            lock (_gate)
            {
                channel.Pending = channel.Pending.ContinueWith(_ => Rebaseline(channel), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                Reconcile(channel);
            }

            _ = _local.PublishAsync(new EventsMissed(channel.PartnershipId));
        }
    }

    private Task Rebaseline(Channel channel)
    {
        if (channel.Queue is null)
        {
            return Task.CompletedTask;
        }

        lock (channel.Gate)
        {
            channel.Sequence.Reset();
        }

        return BaselineAsync(channel);
    }

    /// <summary>Takes a number without sending anything: other nodes see the gap and their pages load what this node could not send.</summary>
    private async Task SkipNumberAsync(Guid partnershipId)
    {
        try
        {
            await _redis.GetDatabase().StringIncrementAsync(SequenceKey(partnershipId)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSendFailed(ex, partnershipId);
        }
    }

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable ({Reason}): live updates reach only this node's viewers until it is back; saves go on.")]
    private partial void LogUnreachable(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is reachable again: viewers of {Count} partnerships on this node load what they missed.")]
    private partial void LogRestored(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An event of partnership {PartnershipId} was not sent to other nodes.")]
    private partial void LogSendFailed(Exception exception, Guid partnershipId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not subscribe to the events of partnership {PartnershipId} in Redis; tried again when the connection is back.")]
    private partial void LogSubscribeFailed(Exception exception, Guid partnershipId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an event of partnership {PartnershipId} from another node ({Reason}); its viewers here load their pages again. {Earlier} more refused since the last such warning.")]
    private partial void LogRefused(Guid partnershipId, string reason, int earlier);

    [LoggerMessage(Level = LogLevel.Information, Message = "Events of partnership {PartnershipId} were lost between nodes; its viewers here load their pages again.")]
    private partial void LogGap(Guid partnershipId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{EventType} is not in the event contract (RealTime/EventContract.cs), so other nodes never see it.")]
    private partial void LogNotInContract(string eventType);
}
