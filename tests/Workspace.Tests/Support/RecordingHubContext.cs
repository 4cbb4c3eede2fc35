using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Workspace.Web.Features.LiveViews;

namespace Workspace.Tests.Support;

/// <summary>
/// A hub's context with no connections: records what is sent to whom ("group:{name}", "client:{id}", …), and
/// group changes, so a group's send reaches the connections in the group at that moment.
/// </summary>
public class RecordingHubContext<THub> : IHubContext<THub>, IHubClients, IGroupManager
    where THub : Hub
{
    public ConcurrentQueue<(string Target, string Method, object?[] Arguments)> Sent { get; } = new();

    IHubClients IHubContext<THub>.Clients => this;

    IGroupManager IHubContext<THub>.Groups => this;

    public IClientProxy All => Proxy("all");

    /// <summary>The connections in <paramref name="groupName"/> now.</summary>
    public IEnumerable<string> Members(string groupName) => _members.TryGetValue(groupName, out var members) ? members.Keys : [];

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => Proxy("all");

    public IClientProxy Client(string connectionId) => Proxy($"client:{connectionId}");

    public IClientProxy Clients(IReadOnlyList<string> connectionIds) => Proxy($"clients:{string.Join(',', connectionIds)}");

    public IClientProxy Group(string groupName) => Proxy($"group:{groupName}");

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => Proxy($"group:{groupName}");

    public IClientProxy Groups(IReadOnlyList<string> groupNames) => Proxy($"groups:{string.Join(',', groupNames)}");

    public IClientProxy User(string userId) => Proxy($"user:{userId}");

    public IClientProxy Users(IReadOnlyList<string> userIds) => Proxy($"users:{string.Join(',', userIds)}");

    /// <summary>Which connection received what: a group's send reaches the connections in the group at that moment.</summary>
    public ConcurrentQueue<(string ConnectionId, string Method, object? Argument)> Delivered { get; } = new();

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _members = new(StringComparer.Ordinal);

    public IEnumerable<object?> DeliveredTo(string connectionId, string method) =>
        Delivered.Where(d => d.ConnectionId == connectionId && d.Method == method).Select(d => d.Argument);

    public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        _members.GetOrAdd(groupName, _ => new(StringComparer.Ordinal))[connectionId] = true;
        return Task.CompletedTask;
    }

    public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_members.TryGetValue(groupName, out var members))
        {
            members.TryRemove(connectionId, out _);
        }

        return Task.CompletedTask;
    }

    private Recorder Proxy(string target) => new(this, target);

    private sealed class Recorder(RecordingHubContext<THub> hub, string target) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            hub.Sent.Enqueue((target, method, args));
            var argument = args.Length > 0 ? args[0] : null;
            if (target.StartsWith("client:", StringComparison.Ordinal))
            {
                hub.Delivered.Enqueue((target["client:".Length..], method, argument));
            }
            else if (target.StartsWith("group:", StringComparison.Ordinal) && hub._members.TryGetValue(target["group:".Length..], out var members))
            {
                foreach (var connectionId in members.Keys)
                {
                    hub.Delivered.Enqueue((connectionId, method, argument));
                }
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>The live hub's recording context, with the updates sent to a view's groups.</summary>
public sealed class RecordingHubContext : RecordingHubContext<LiveHub>
{
    public IEnumerable<LiveUpdate> UpdatesTo(string groupPrefix) =>
        Sent.Where(s => s.Target.StartsWith("group:", StringComparison.Ordinal) && s.Target.Contains(groupPrefix, StringComparison.Ordinal)
            && s.Method == LiveContract.Update).Select(s => (LiveUpdate)s.Arguments[0]!);
}
