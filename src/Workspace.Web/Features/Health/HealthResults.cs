using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Health;

/// <summary>Red, amber or green for a principle's mean score (<see cref="HealthResults.GreenFrom"/>, <see cref="HealthResults.AmberFrom"/>).</summary>
public enum HealthRag
{
    Red,
    Amber,
    Green,
}

/// <summary>One person's answer to one statement, with who they spoke for when answering: the calculator's input.</summary>
public sealed record HealthResponse(
    string UserId, string Name, Guid? OrganisationId, string? OrganisationName, Sector? Sector, HealthPrinciple Principle, int Score, string Comment);

/// <summary>
/// Turns a round's answers into what members see: a mean and red/amber/green per principle, overall, per
/// sector and per organisation, the comments, and where partners see a principle differently. The rules
/// live here and nowhere else:
/// <list type="bullet">
/// <item>green from a mean of <see cref="GreenFrom"/>, amber from <see cref="AmberFrom"/>, red below;</item>
/// <item>in an anonymous round no figure is shown for a group of fewer than <see cref="MinimumGroup"/>
/// people, nor for a group whose figure, taken from a larger group's, would give away the hidden ones'
/// (<see cref="Suppress"/>); comments carry no names and are sorted by text;</item>
/// <item>partners see a principle differently when shown groups' means are <see cref="DivergenceGap"/> or more apart.</item>
/// </list>
/// Individual answers never leave this class for an anonymous round.
/// </summary>
public static class HealthResults
{
    public const double GreenFrom = 4.0;
    public const double AmberFrom = 3.0;
    public const int MinimumGroup = 3;
    public const double DivergenceGap = 1.0;

    /// <summary>The group of members who speak for no organisation, in breakdowns.</summary>
    public const string NoOrganisation = "No organisation";

    public static HealthRag RagOf(double mean) => mean >= GreenFrom ? HealthRag.Green : mean >= AmberFrom ? HealthRag.Amber : HealthRag.Red;

    public static IReadOnlyList<PrincipleResult> Compute(bool anonymous, IReadOnlyCollection<HealthResponse> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return [.. Enum.GetValues<HealthPrinciple>().Select(principle => Principle(principle, anonymous, [.. answers.Where(a => a.Principle == principle)]))];
    }

    private static PrincipleResult Principle(HealthPrinciple principle, bool anonymous, List<HealthResponse> answers)
    {
        var organisations = answers.GroupBy(a => a.OrganisationId)
            .Select(g => new Node(g.First().OrganisationName ?? NoOrganisation, g.First().Sector, [.. g.Select(a => a.Score)]))
            .OrderBy(n => n.Name, StringComparer.CurrentCulture).ToList();
        var sectors = organisations.Where(o => o.Sector is not null).GroupBy(o => o.Sector!.Value)
            .Select(g => new Node(g.Key.ToText(), g.Key, [.. g.SelectMany(o => o.Scores)]) { Children = [.. g] })
            .OrderBy(n => n.Sector).ToList();
        var overall = new Node("All partners", null, [.. answers.Select(a => a.Score)])
        {
            Children = [.. sectors, .. organisations.Where(o => o.Sector is null)],
        };
        if (anonymous)
        {
            Suppress(overall);
        }

        var orgFigures = organisations.Select(o => o.Figure()).ToList();
        var sectorFigures = sectors.Select(s => s.Figure()).ToList();
        var comments = CommentsOf(answers, anonymous, overall.Shown);
        return new PrincipleResult(principle, overall.Figure(withDistribution: true), orgFigures, sectorFigures,
            Divergence.Of(orgFigures), Divergence.Of(sectorFigures), comments);
    }

    private static List<HealthComment> CommentsOf(List<HealthResponse> answers, bool anonymous, bool overallShown)
    {
        var written = answers.Where(a => a.Comment.Length > 0);
        if (!anonymous)
        {
            return [.. written.OrderBy(a => a.Name, StringComparer.CurrentCulture)
                .Select(a => new HealthComment(a.Comment, a.OrganisationName is null ? a.Name : $"{a.Name} ({a.OrganisationName})"))];
        }

        // Too few people to keep a comment's author unknown: the comments wait for a larger round.
        return overallShown
            ? [.. written.Select(a => a.Comment).Order(StringComparer.Ordinal).Select(text => new HealthComment(text, null))]
            : [];
    }

    /// <summary>
    /// Hides groups until no figure shown gives one away. A group is hidden when fewer than
    /// <see cref="MinimumGroup"/> people answered in it. Then, because a shown group's total minus its shown
    /// subgroups' totals is the hidden subgroups' total, whenever that remainder is 1 or 2 people the
    /// smallest shown subgroup is hidden too, until the remainder is none or enough.
    /// </summary>
    private static void Suppress(Node root)
    {
        foreach (var node in root.All())
        {
            node.Shown = node.Scores.Count >= MinimumGroup;
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var node in root.All().Where(n => n.Shown))
            {
                var shownBelow = node.ShownBelow();
                var remainder = node.Scores.Count - shownBelow.Sum(n => n.Scores.Count);
                if (remainder is > 0 and < MinimumGroup && shownBelow.Count > 0)
                {
                    shownBelow.OrderBy(n => n.Scores.Count).ThenBy(n => n.Name, StringComparer.Ordinal).First().Shown = false;
                    changed = true;
                }
            }
        }
        while (changed);
    }

    /// <summary>A group of answers in the breakdown: all partners, a sector, an organisation.</summary>
    private sealed class Node(string name, Sector? sector, List<int> scores)
    {
        public string Name { get; } = name;

        public Sector? Sector { get; } = sector;

        public List<int> Scores { get; } = scores;

        public List<Node> Children { get; init; } = [];

        public bool Shown { get; set; } = true;

        public IEnumerable<Node> All() => Children.SelectMany(c => c.All()).Prepend(this);

        /// <summary>The highest shown groups below this one: a shown child, or the shown groups below a hidden child.</summary>
        public List<Node> ShownBelow() => [.. Children.SelectMany(c => c.Shown ? [c] : c.ShownBelow())];

        public GroupFigure Figure(bool withDistribution = false)
        {
            if (!Shown || Scores.Count == 0)
            {
                return new GroupFigure(Name, Sector, null, null, null, null);
            }

            var mean = Math.Round(Scores.Average(), 2);
            return new GroupFigure(Name, Sector, Scores.Count, mean, RagOf(mean),
                withDistribution ? [.. Enumerable.Range(HealthStatements.MinScore, HealthStatements.MaxScore).Select(s => Scores.Count(x => x == s))] : null);
        }
    }
}

/// <summary>A principle's results in one round.</summary>
public sealed record PrincipleResult(
    HealthPrinciple Principle,
    GroupFigure Overall,
    IReadOnlyList<GroupFigure> Organisations,
    IReadOnlyList<GroupFigure> Sectors,
    Divergence? OrganisationDivergence,
    Divergence? SectorDivergence,
    IReadOnlyList<HealthComment> Comments);

/// <summary>
/// A group's figure; <see cref="Respondents"/>, <see cref="Mean"/> and <see cref="Rag"/> are null when it is
/// hidden (an anonymous round's small group). <see cref="Distribution"/> counts scores 1 to 5, overall only.
/// </summary>
public sealed record GroupFigure(string Name, Sector? Sector, int? Respondents, double? Mean, HealthRag? Rag, IReadOnlyList<int>? Distribution)
{
    public bool Hidden => Mean is null;
}

/// <summary>A comment; <see cref="By"/> is null in an anonymous round.</summary>
public sealed record HealthComment(string Text, string? By);

/// <summary>The highest and lowest shown groups' means for a principle, when they are <see cref="HealthResults.DivergenceGap"/> or more apart.</summary>
public sealed record Divergence(string Highest, double HighestMean, string Lowest, double LowestMean)
{
    public double Gap => Math.Round(HighestMean - LowestMean, 2);

    public static Divergence? Of(IReadOnlyList<GroupFigure> groups)
    {
        var shown = groups.Where(g => g.Mean is not null).ToList();
        if (shown.Count < 2)
        {
            return null;
        }

        var high = shown.MaxBy(g => g.Mean)!;
        var low = shown.MinBy(g => g.Mean)!;
        return high.Mean!.Value - low.Mean!.Value >= HealthResults.DivergenceGap - 1e-9 ? new Divergence(high.Name, high.Mean.Value, low.Name, low.Mean.Value) : null;
    }
}
