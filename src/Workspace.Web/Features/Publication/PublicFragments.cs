using Workspace.Web.Features.LiveViews;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// The public results page cut into fragments: what the page renders and what the live hub renders
/// again for its watchers (decisions 017 and 018), with the same components and models.
/// </summary>
public static class PublicFragments
{
    public const string GoalsId = "public-goals";
    public const string DecisionsId = "public-decisions";
    public const string PartnersId = "public-partners";

    public static string IndicatorId(Guid indicatorId) => $"public-indicator-{indicatorId}";

    public static IReadOnlyList<LiveFragment> Of(PublicResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return
        [
            new(GoalsId, typeof(PublicGoalsSection), results.Goals, "goals"),
            .. results.Indicators.Select(i => new LiveFragment(IndicatorId(i.Id), typeof(PublicIndicatorCard), i, $"indicator “{i.Name}”")),
            new(DecisionsId, typeof(PublicDecisionsSection), results.Decisions, "decisions", Decisions(results.Decisions)),
            new(PartnersId, typeof(PublicPartnersSection), results.Partners, "partner organisations"),
        ];
    }

    /// <summary>The decisions as a list fragment: the shell is only whether any are published.</summary>
    public static LiveList Decisions(PublicDecisions decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return new(decisions.Items.Count == 0, [.. decisions.Items.Select(d => new LiveItem(d.Id.ToString("N"), typeof(PublicDecisionArticle), d))]);
    }
}
