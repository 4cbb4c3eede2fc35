using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Workspace.Web.Features.LiveViews;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>The live hub's context with no connections: records what is sent to whom, and group changes.</summary>
public sealed class RecordingHubContext : IHubContext<LiveHub>, IHubClients, IGroupManager
{
    public ConcurrentQueue<(string Target, string Method, object?[] Arguments)> Sent { get; } = new();

    IHubClients IHubContext<LiveHub>.Clients => this;

    IGroupManager IHubContext<LiveHub>.Groups => this;

    public IClientProxy All => Proxy("all");

    public IEnumerable<LiveUpdate> UpdatesTo(string groupPrefix) =>
        Sent.Where(s => s.Target.StartsWith("group:", StringComparison.Ordinal) && s.Target.Contains(groupPrefix, StringComparison.Ordinal)
            && s.Method == LiveContract.Update).Select(s => (LiveUpdate)s.Arguments[0]!);

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => Proxy("all");

    public IClientProxy Client(string connectionId) => Proxy($"client:{connectionId}");

    public IClientProxy Clients(IReadOnlyList<string> connectionIds) => Proxy($"clients:{string.Join(',', connectionIds)}");

    public IClientProxy Group(string groupName) => Proxy($"group:{groupName}");

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => Proxy($"group:{groupName}");

    public IClientProxy Groups(IReadOnlyList<string> groupNames) => Proxy($"groups:{string.Join(',', groupNames)}");

    public IClientProxy User(string userId) => Proxy($"user:{userId}");

    public IClientProxy Users(IReadOnlyList<string> userIds) => Proxy($"users:{string.Join(',', userIds)}");

    public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;

    private Recorder Proxy(string target) => new(this, target);

    private sealed class Recorder(RecordingHubContext hub, string target) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            hub.Sent.Enqueue((target, method, args));
            return Task.CompletedTask;
        }
    }
}
