using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Workspace.Web.Hosting;

/// <summary>Counts this circuit under the page it shows (ids in the path become <c>{id}</c>), moving it on each navigation.</summary>
internal sealed class CircuitPageCounter(WorkspaceMetrics metrics, NavigationManager navigation) : CircuitHandler, IDisposable
{
    private readonly Lock _gate = new();
    private string? _page;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Show(PageOf(navigation.ToBaseRelativePath(navigation.Uri)));
        navigation.LocationChanged += OnLocationChanged;
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    // A circuit that fails while starting is disposed without being closed; it must not stay counted.
    public void Dispose()
    {
        navigation.LocationChanged -= OnLocationChanged;
        Show(null);
    }

    /// <summary>The page's route shape: <c>partnerships/3f2a…/goals/12?tab=log</c> is <c>/partnerships/{id}/goals/{id}</c>.</summary>
    internal static string PageOf(string baseRelativePath)
    {
        var path = baseRelativePath.AsSpan();
        var end = path.IndexOfAny('?', '#');
        if (end >= 0)
        {
            path = path[..end];
        }

        var segments = path.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParse(s, out _) || long.TryParse(s, out _) ? "{id}" : s.ToLowerInvariant());
        return "/" + string.Join('/', segments);
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => Show(PageOf(navigation.ToBaseRelativePath(e.Location)));

    private void Show(string? page)
    {
        lock (_gate)
        {
            if (page == _page)
            {
                return;
            }

            if (_page is not null)
            {
                metrics.CircuitsShowing(_page, -1);
            }

            if (page is not null)
            {
                metrics.CircuitsShowing(page, +1);
            }

            _page = page;
        }
    }
}

/// <summary>
/// Puts the circuit's id and the signed-in user's id (never a name or an address) in a logging scope
/// around each inbound activity (an event, a JS call, a navigation), so every line logged while
/// handling it, by any service, can be traced to one person's session across nodes.
/// </summary>
internal sealed class CircuitLogScopeHandler : CircuitHandler, IDisposable
{
    private readonly ILogger<CircuitLogScopeHandler> _logger;
    private readonly AuthenticationStateProvider _authentication;
    private Task<AuthenticationState>? _user;
    private CircuitLogScope? _scope;

    public CircuitLogScopeHandler(ILogger<CircuitLogScopeHandler> logger, AuthenticationStateProvider authentication)
    {
        _logger = logger;
        _authentication = authentication;
        // The circuit sets its user after its handlers are created, and again when revalidation signs it out.
        _authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context => RunAsync(context.Circuit.Id, () => next(context));

    /// <summary>Runs one inbound activity of the circuit inside its logging scope.</summary>
    internal async Task RunAsync(string circuitId, Func<Task> activity)
    {
        using (_logger.BeginScope(ScopeFor(circuitId)))
        {
            await activity();
        }
    }

    public void Dispose() => _authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;

    private void OnAuthenticationStateChanged(Task<AuthenticationState> state) => _user = state;

    private CircuitLogScope ScopeFor(string circuitId)
    {
        var userId = _user is { IsCompletedSuccessfully: true } user ? user.Result.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var scope = _scope;
        if (scope is null || scope.CircuitId != circuitId || scope.UserId != userId)
        {
            // Built once per circuit and user, not per activity: render acknowledgements arrive by the thousand.
            _scope = scope = new CircuitLogScope(circuitId, userId);
        }

        return scope;
    }
}

/// <summary>The scope's properties, as structured fields (<c>CircuitId</c>, <c>UserId</c>) for the JSON console and OTLP.</summary>
internal sealed class CircuitLogScope(string circuitId, string? userId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string CircuitId { get; } = circuitId;

    public string? UserId { get; } = userId;

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(nameof(CircuitId), CircuitId),
        1 => new(nameof(UserId), UserId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CircuitId:{CircuitId} UserId:{UserId}";
}
