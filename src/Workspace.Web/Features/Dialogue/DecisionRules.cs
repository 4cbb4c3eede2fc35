using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Dialogue;

/// <summary>A member who may take a position on a decision (contributors and facilitators), and whom they speak for.</summary>
public sealed record Voter(string UserId, Guid? OrganisationId, string? OrganisationName);

/// <summary>Whether a decision's rule is met by the positions so far, and a sentence that says why.</summary>
public sealed record RuleVerdict(bool Met, string Summary);

/// <summary>
/// Evaluates a decision's rule against the positions of the people who may take one. Only current
/// voters count: a former member's position stays in the record but no longer decides anything.
/// Consensus needs every voter (or every partner organisation) to have a position and nobody to object;
/// consent needs nobody to object; a majority needs more than half of all voters (or organisations) to
/// agree, not merely more than half of those who answered.
/// </summary>
public static class DecisionRules
{
    public static RuleVerdict Evaluate(DecisionRule rule, DecisionCounting counting, IReadOnlyList<Voter> voters, IEnumerable<(string UserId, Position Position)> positions)
    {
        ArgumentNullException.ThrowIfNull(voters);
        var byUser = voters.ToDictionary(v => v.UserId, StringComparer.Ordinal);
        var counted = positions.Where(p => byUser.ContainsKey(p.UserId)).ToList();
        var objections = counted.Count(p => p.Position == Position.Objects);
        var byOrganisation = counting == DecisionCounting.EachOrganisation;
        var organisations = OrganisationPositions(voters, counted, byUser);

        return rule switch
        {
            DecisionRule.Consent => objections == 0
                ? new RuleVerdict(true, $"Consent given: no objections among {Count(counted.Count, "position")} so far.")
                : new RuleVerdict(false, $"Consent not given: {Count(objections, "objection")}. Resolve {(objections == 1 ? "it" : "them")} or record an override."),
            DecisionRule.Consensus => Consensus(voters, counted, objections, byOrganisation, organisations),
            DecisionRule.Majority => byOrganisation ? OrganisationMajority(organisations) : MemberMajority(voters.Count, counted),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
    }

    private static RuleVerdict Consensus(IReadOnlyList<Voter> voters, List<(string UserId, Position Position)> counted, int objections, bool byOrganisation,
        IReadOnlyList<OrganisationStand> organisations)
    {
        var (silent, electorate, unit) = byOrganisation
            ? (organisations.Count(o => !o.Answered), organisations.Count, "partner organisation")
            : (voters.Count - counted.Count, voters.Count, "member");
        if (objections == 0 && silent == 0 && electorate > 0)
        {
            return new RuleVerdict(true, $"Consensus reached: every {unit} has a position and nobody objects.");
        }

        var missing = new List<string>();
        if (objections > 0)
        {
            missing.Add(Count(objections, "objection"));
        }

        if (silent > 0 || electorate == 0)
        {
            missing.Add(electorate == 0 ? $"no {unit}s can take a position yet" : $"{silent} of {Count(electorate, unit)} without a position");
        }

        return new RuleVerdict(false, $"No consensus yet: {string.Join("; ", missing)}.");
    }

    private static RuleVerdict MemberMajority(int electorate, List<(string UserId, Position Position)> counted)
    {
        var agree = counted.Count(p => p.Position == Position.Agree);
        var needed = (electorate / 2) + 1;
        return agree >= needed && electorate > 0
            ? new RuleVerdict(true, $"Majority reached: {agree} of {Count(electorate, "member")} agree (more than half).")
            : new RuleVerdict(false, $"No majority yet: {agree} of {Count(electorate, "member")} agree; {needed} needed.");
    }

    private static RuleVerdict OrganisationMajority(IReadOnlyList<OrganisationStand> organisations)
    {
        var agree = organisations.Count(o => o.Position == Position.Agree);
        var needed = (organisations.Count / 2) + 1;
        return agree >= needed && organisations.Count > 0
            ? new RuleVerdict(true, $"Majority reached: {agree} of {Count(organisations.Count, "partner organisation")} agree (more than half).")
            : new RuleVerdict(false, $"No majority yet: {agree} of {Count(organisations.Count, "partner organisation")} agree; {needed} needed.");
    }

    /// <summary>
    /// Each partner organisation's position: the one most of its people took. A tie has no single
    /// position, so the organisation is not counted as agreeing. People without an organisation are not
    /// a partner and have no voice when organisations are counted.
    /// </summary>
    internal static IReadOnlyList<OrganisationStand> OrganisationPositions(IReadOnlyList<Voter> voters,
        List<(string UserId, Position Position)> counted, Dictionary<string, Voter> byUser) =>
        [.. voters.Where(v => v.OrganisationId is not null).GroupBy(v => v.OrganisationId).Select(organisation =>
        {
            var tally = counted.Where(p => byUser[p.UserId].OrganisationId == organisation.Key)
                .GroupBy(p => p.Position).Select(g => (Position: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
            Position? position = tally.Count == 0 || (tally.Count > 1 && tally[0].Count == tally[1].Count) ? null : tally[0].Position;
            return new OrganisationStand(organisation.First().OrganisationName ?? "", position, tally.Count > 0);
        })];

    internal sealed record OrganisationStand(string Name, Position? Position, bool Answered);

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
