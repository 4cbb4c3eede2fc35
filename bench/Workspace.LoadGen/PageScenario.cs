using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Workspace.LoadGen;

/// <summary>
/// A page the generator opens in every viewer circuit and an edit that changes text on it. A new page
/// (dashboard, workshop) is one more implementation: where it is, and how to make an edit whose text
/// shows on it.
/// </summary>
public interface IPageScenario
{
    string Name { get; }

    /// <summary>Finds what to open (e.g. a partnership and goal the signed-in editor can see) and returns the page's path.</summary>
    Task<string> PrepareAsync(HttpClient editor, CancellationToken cancellationToken);

    /// <summary>Makes an edit whose rendered text contains <paramref name="text"/>; throws when the app refuses it.</summary>
    Task EditAsync(HttpClient editor, string text, CancellationToken cancellationToken);
}

/// <summary>The goal page; edits save the goal's title through the Development-only bench endpoint (GoalService.SaveFieldAsync).</summary>
public sealed partial class GoalPageScenario(Guid? partnershipId = null, Guid? goalId = null) : IPageScenario
{
    private Guid _partnershipId;
    private Guid _goalId;

    public string Name => "goal page";

    public async Task<string> PrepareAsync(HttpClient editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(editor);
        _partnershipId = partnershipId ?? Guid.Parse(FirstMatch(PartnershipLink(), await editor.GetStringAsync(new Uri("/", UriKind.Relative), cancellationToken), "a partnership"));
        _goalId = goalId ?? Guid.Parse(FirstMatch(GoalLink(), await editor.GetStringAsync(new Uri($"/p/{_partnershipId}/goals", UriKind.Relative), cancellationToken), "a goal"));
        return $"p/{_partnershipId}/goals/{_goalId}";
    }

    public async Task EditAsync(HttpClient editor, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(editor);
        using var response = await editor.PostAsync(
            new Uri($"/_bench/goals/{_partnershipId}/{_goalId}/title?value={Uri.EscapeDataString($"Bench goal {text}")}", UriKind.Relative), null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"The edit answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}".Trim());
        }
    }

    private static string FirstMatch(Regex regex, string html, string what) =>
        regex.Match(html) is { Success: true } match
            ? match.Groups["id"].Value
            : throw new InvalidOperationException($"The editor sees no link to {what}.");

    [GeneratedRegex("href=\"/?p/(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex PartnershipLink();

    [GeneratedRegex("href=\"/?p/[0-9a-f-]{36}/goals/(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex GoalLink();
}

/// <summary>
/// The dashboard, the managers' read-only live view. Each edit records a new decision in the log through
/// LogService (Development-only bench endpoint); the newest decision heads "Recent decisions", which is
/// not virtualised, and the dashboard applies the event's entry in memory without reading the database.
/// </summary>
public sealed class DashboardScenario(Guid? partnershipId = null) : IPageScenario
{
    private Guid _partnershipId;

    public string Name => "dashboard";

    public async Task<string> PrepareAsync(HttpClient editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(editor);
        _partnershipId = partnershipId ?? await ScenarioLinks.FirstPartnershipAsync(editor, cancellationToken);
        return $"p/{_partnershipId}/dashboard";
    }

    public Task EditAsync(HttpClient editor, string text, CancellationToken cancellationToken) =>
        ScenarioLinks.PostAsync(editor, $"/_bench/log/{_partnershipId}/decisions?title={Uri.EscapeDataString($"Bench decision {text}")}", cancellationToken);
}

/// <summary>
/// A live workshop's run page, where every participant follows the current agenda item. Prepare finds or
/// starts a live workshop whose current item shows everyone's ideas (as the facilitator, through
/// WorkshopService); each edit is an idea posted on that item by the next participant in turn, each
/// signed in as themselves, as a room of people posting at once.
/// </summary>
public sealed class WorkshopScenario(
    IReadOnlyList<string> participants, string facilitator, string password, Guid? partnershipId = null) : IPageScenario, IDisposable
{
    /// <summary>The demo accounts that may post ideas (the observer only watches).</summary>
    public static readonly IReadOnlyList<string> DefaultParticipants = ["contributor@demo.local", "partner@demo.local", "ngo@demo.local", "facilitator@demo.local"];

    public const string DefaultFacilitator = "facilitator@demo.local";

    private readonly List<HttpClient> _participants = [];
    private Guid _partnershipId;
    private Guid _workshopId;
    private Guid _itemId;
    private int _next = -1;

    public string Name => "workshop page";

    public async Task<string> PrepareAsync(HttpClient editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(editor);
        var baseAddress = editor.BaseAddress ?? throw new InvalidOperationException("The editor's client has no base address.");
        _partnershipId = partnershipId ?? await ScenarioLinks.FirstPartnershipAsync(editor, cancellationToken);

        using var host = SignedIn(baseAddress, await AccountSession.SignInAsync(baseAddress, facilitator, password, cancellationToken));
        using var response = await host.PostAsync(new Uri($"/_bench/workshops/{_partnershipId}/live", UriKind.Relative), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"No live workshop: the app answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}".Trim());
        }

        var live = await response.Content.ReadFromJsonAsync<LiveWorkshop>(cancellationToken)
            ?? throw new InvalidOperationException("No live workshop in the answer.");
        (_workshopId, _itemId) = (live.WorkshopId, live.ItemId);

        foreach (var account in participants)
        {
            _participants.Add(SignedIn(baseAddress, await AccountSession.SignInAsync(baseAddress, account, password, cancellationToken)));
        }

        return $"p/{_partnershipId}/workshops/{_workshopId}";
    }

    public Task EditAsync(HttpClient editor, string text, CancellationToken cancellationToken)
    {
        var author = _participants.Count == 0 ? editor : _participants[(int)((uint)Interlocked.Increment(ref _next) % (uint)_participants.Count)];
        return ScenarioLinks.PostAsync(
            author, $"/_bench/workshops/{_partnershipId}/{_workshopId}/items/{_itemId}/ideas?text={Uri.EscapeDataString($"Bench idea {text}")}", cancellationToken);
    }

    public void Dispose()
    {
        foreach (var client in _participants)
        {
            client.Dispose();
        }

        _participants.Clear();
    }

    private static HttpClient SignedIn(Uri baseAddress, string cookie) => AccountSession.SignedInClient(baseAddress, cookie, TimeSpan.FromMinutes(1));

    private sealed record LiveWorkshop(Guid WorkshopId, Guid ItemId);
}

/// <summary>What the scenarios share: the first partnership the editor sees, and a bench POST that must answer 204.</summary>
internal static partial class ScenarioLinks
{
    public static async Task<Guid> FirstPartnershipAsync(HttpClient editor, CancellationToken cancellationToken) =>
        PartnershipLink().Match(await editor.GetStringAsync(new Uri("/", UriKind.Relative), cancellationToken)) is { Success: true } match
            ? Guid.Parse(match.Groups["id"].Value)
            : throw new InvalidOperationException("The editor sees no link to a partnership.");

    public static async Task PostAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"The edit answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}".Trim());
        }
    }

    [GeneratedRegex("href=\"/?p/(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex PartnershipLink();
}
