using System.Text.Json;
using StackExchange.Redis;

namespace Workspace.Web.RealTime;

public sealed partial class RedisPresence
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Deletes another node's expired field only if it still holds what was read, so a node writing again at that moment keeps its field.
    private const string RemoveIfUnchanged = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0";

    /// <summary>
    /// Writes this node's field (or deletes it when nobody is here) and reads every other node's, in one round trip;
    /// null when Redis cannot be reached, so the caller keeps what it knows until it expires.
    /// </summary>
    private async Task<IReadOnlyList<RemoteEntry>?> ExchangeAsync(RedisKey key, IReadOnlyList<PresenceEntry> mine, DateTimeOffset now)
    {
        if (!_redis.IsConnected)
        {
            return null;
        }

        try
        {
            var db = _redis.GetDatabase();
            var expires = now + Options.Expiry;
            var write = mine.Count == 0
                ? db.HashDeleteAsync(key, NodeId)
                : db.HashSetAsync(key, NodeId, JsonSerializer.Serialize(new StoredPeople(expires.ToUnixTimeMilliseconds(), mine), Json));
            // The whole hash goes when no node has written to it for a while, whatever the nodes' clocks say.
            var keep = mine.Count == 0 ? Task.CompletedTask : db.KeyExpireAsync(key, Options.Expiry * 3);
            var read = db.HashGetAllAsync(key);
            await Task.WhenAll(write, keep, read);

            var others = new List<RemoteEntry>();
            foreach (var field in await read)
            {
                if (field.Name == NodeId)
                {
                    continue;
                }

                var stored = Parse(field.Value);
                var fieldExpires = stored is null ? now : DateTimeOffset.FromUnixTimeMilliseconds(stored.ExpiresUnixMs);
                if (stored is null || fieldExpires <= now)
                {
                    _ = db.ScriptEvaluateAsync(RemoveIfUnchanged, [key], [field.Name, field.Value], CommandFlags.FireAndForget);
                    continue;
                }

                others.AddRange(stored.People.Select(p => new RemoteEntry(p, fieldExpires)));
            }

            return others;
        }
        catch (Exception ex) when (IsRedisFault(ex))
        {
            _logger.LogDebug(ex, "Redis did not answer; presence shows this node's people until it does.");
            return null;
        }
    }

    private async Task RemoveMineAsync(RedisKey key)
    {
        if (!_redis.IsConnected)
        {
            return;
        }

        try
        {
            await _redis.GetDatabase().HashDeleteAsync(key, NodeId);
        }
        catch (Exception ex) when (IsRedisFault(ex))
        {
            _logger.LogDebug(ex, "This node's presence could not be removed; it expires by itself.");
        }
    }

    private static StoredPeople? Parse(RedisValue value)
    {
        try
        {
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredPeople>((string)value!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One node's people at one location, and when they stop counting unless the node writes again.</summary>
    private sealed record StoredPeople(long ExpiresUnixMs, IReadOnlyList<PresenceEntry> People);
}
