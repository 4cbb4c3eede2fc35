using System.Net;
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
