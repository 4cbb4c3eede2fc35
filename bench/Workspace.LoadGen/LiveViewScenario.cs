namespace Workspace.LoadGen;

/// <summary>
/// A watchers' view on the live hub (decision 017): the wall (<c>/p/{id}/wall</c>) or the followed dashboard
/// (<c>/p/{id}/follow</c>), joined as <c>Join(kind, partnershipId)</c> at <c>/hubs/live</c> instead of through
/// a circuit. Each edit records a decision, as on the dashboard: both views show "Recent decisions"
/// (the same <c>DashboardState.Apply</c>, no database read per event), so the nonce arrives in an update's fragment.
/// </summary>
public sealed class LiveViewScenario : IPageScenario
{
    public const string HubPath = "hubs/live";

    private DashboardScenario? _edits;
    private readonly Guid? _partnershipId;

    public LiveViewScenario(string kind, Guid? partnershipId = null)
    {
        if (kind is not ("wall" or "follow"))
        {
            throw new ArgumentException($"Unknown live view '{kind}' (known: wall, follow).", nameof(kind));
        }

        Kind = kind;
        _partnershipId = partnershipId;
    }

    /// <summary>The view's kind as the hub knows it: <c>wall</c> or <c>follow</c>.</summary>
    public string Kind { get; }

    /// <summary>The view's key: the partnership's id, known once prepared.</summary>
    public string Key { get; private set; } = "";

    public string Name => $"{Kind} (hub)";

    public async Task<string> PrepareAsync(HttpClient editor, CancellationToken cancellationToken)
    {
        var id = _partnershipId ?? await ScenarioLinks.FirstPartnershipAsync(editor, cancellationToken);
        _edits = new DashboardScenario(id);
        await _edits.PrepareAsync(editor, cancellationToken);
        Key = id.ToString("D");
        return $"p/{Key}/{Kind}";
    }

    public Task EditAsync(HttpClient editor, string text, CancellationToken cancellationToken) =>
        (_edits ?? throw new InvalidOperationException("Prepare the scenario first.")).EditAsync(editor, text, cancellationToken);
}
