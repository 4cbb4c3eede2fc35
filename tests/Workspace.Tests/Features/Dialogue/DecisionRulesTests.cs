using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>
/// A decision's rule judged on the positions so far: consensus needs every voice and no objection,
/// consent needs no objection, a majority needs more than half of all voters, by member or by organisation.
/// </summary>
public sealed class DecisionRulesTests
{
    private static readonly Guid Council = Guid.NewGuid();
    private static readonly Guid Charity = Guid.NewGuid();
    private static readonly Guid Company = Guid.NewGuid();

    // Three council officers, one charity worker, one company manager, and one person with no organisation.
    private static readonly Voter[] Voters =
    [
        new("c1", Council, "City Council"), new("c2", Council, "City Council"), new("c3", Council, "City Council"),
        new("ch", Charity, "Youth Charity"), new("co", Company, "SafeRoute Ltd"), new("x", null, null),
    ];

    private static RuleVerdict Judge(DecisionRule rule, DecisionCounting counting, params (string UserId, Position Position)[] positions) =>
        DecisionRules.Evaluate(rule, counting, Voters, positions);

    [Fact]
    public void Consent_IsGivenWhileNobodyObjects_EvenBeforeEveryoneAnswers()
    {
        var verdict = Judge(DecisionRule.Consent, DecisionCounting.EachMember, ("c1", Position.Concerns), ("ch", Position.Abstain));

        Assert.Equal(new RuleVerdict(true, "Consent given: no objections among 2 positions so far."), verdict);
    }

    [Fact]
    public void Consent_IsNotGiven_WithOneObjection()
    {
        var verdict = Judge(DecisionRule.Consent, DecisionCounting.EachMember, ("c1", Position.Agree), ("co", Position.Objects));

        Assert.Equal(new RuleVerdict(false, "Consent not given: 1 objection. Resolve it or record an override."), verdict);
    }

    [Fact]
    public void Consensus_NeedsEveryMembersPosition()
    {
        var verdict = Judge(DecisionRule.Consensus, DecisionCounting.EachMember, ("c1", Position.Agree), ("c2", Position.Agree), ("ch", Position.Concerns));

        Assert.Equal(new RuleVerdict(false, "No consensus yet: 3 of 6 members without a position."), verdict);
    }

    [Fact]
    public void Consensus_IsReached_WhenEveryoneHasAPositionAndNobodyObjects()
    {
        var verdict = Judge(DecisionRule.Consensus, DecisionCounting.EachMember,
            [.. Voters.Select(v => (v.UserId, v.UserId == "co" ? Position.Abstain : Position.Agree))]);

        Assert.Equal(new RuleVerdict(true, "Consensus reached: every member has a position and nobody objects."), verdict);
    }

    [Fact]
    public void Consensus_ListsObjectionsAndSilence_Together()
    {
        var verdict = Judge(DecisionRule.Consensus, DecisionCounting.EachMember, ("c1", Position.Objects));

        Assert.Equal(new RuleVerdict(false, "No consensus yet: 1 objection; 5 of 6 members without a position."), verdict);
    }

    [Fact]
    public void Consensus_ByOrganisation_NeedsOneVoicePerPartnerOrganisation_NotEveryPerson()
    {
        var verdict = Judge(DecisionRule.Consensus, DecisionCounting.EachOrganisation, ("c1", Position.Agree), ("ch", Position.Agree), ("co", Position.Abstain));

        Assert.Equal(new RuleVerdict(true, "Consensus reached: every partner organisation has a position and nobody objects."), verdict);
    }

    [Fact]
    public void Majority_CountsEveryMember_NotOnlyThoseWhoAnswered()
    {
        // 3 of 3 who answered agree, but 3 of 6 members is not more than half.
        var verdict = Judge(DecisionRule.Majority, DecisionCounting.EachMember, ("c1", Position.Agree), ("c2", Position.Agree), ("c3", Position.Agree));

        Assert.Equal(new RuleVerdict(false, "No majority yet: 3 of 6 members agree; 4 needed."), verdict);
    }

    [Fact]
    public void Majority_IsReached_WithMoreThanHalfOfMembers()
    {
        var verdict = Judge(DecisionRule.Majority, DecisionCounting.EachMember,
            ("c1", Position.Agree), ("c2", Position.Agree), ("c3", Position.Agree), ("x", Position.Agree), ("co", Position.Objects));

        Assert.Equal(new RuleVerdict(true, "Majority reached: 4 of 6 members agree (more than half)."), verdict);
    }

    [Fact]
    public void Majority_ByOrganisation_GivesTheCouncilOneVoice_HoweverManyOfficersItBrings()
    {
        // Three council officers agree: by member that is half; by organisation it is one of three.
        var verdict = Judge(DecisionRule.Majority, DecisionCounting.EachOrganisation,
            ("c1", Position.Agree), ("c2", Position.Agree), ("c3", Position.Agree), ("ch", Position.Objects));

        Assert.Equal(new RuleVerdict(false, "No majority yet: 1 of 3 partner organisations agree; 2 needed."), verdict);
    }

    [Fact]
    public void Majority_ByOrganisation_TakesWhatMostOfItsPeopleSaid_AndATieIsNoAgreement()
    {
        var verdict = Judge(DecisionRule.Majority, DecisionCounting.EachOrganisation,
            ("c1", Position.Agree), ("c2", Position.Agree), ("c3", Position.Objects), ("ch", Position.Agree), ("co", Position.Agree));
        Assert.True(verdict.Met);
        Assert.Equal("Majority reached: 3 of 3 partner organisations agree (more than half).", verdict.Summary);

        var tied = Judge(DecisionRule.Majority, DecisionCounting.EachOrganisation,
            ("c1", Position.Agree), ("c2", Position.Objects), ("ch", Position.Agree));
        Assert.Equal("No majority yet: 1 of 3 partner organisations agree; 2 needed.", tied.Summary);
    }

    [Fact]
    public void PositionsOfPeopleWhoNoLongerVote_StayInTheRecordButDecideNothing()
    {
        var verdict = Judge(DecisionRule.Consent, DecisionCounting.EachMember, ("former", Position.Objects), ("c1", Position.Agree));

        Assert.True(verdict.Met);
    }

    [Fact]
    public void NobodyWhoCanVote_MeetsNoConsensusOrMajority()
    {
        Assert.False(DecisionRules.Evaluate(DecisionRule.Consensus, DecisionCounting.EachMember, [], []).Met);
        Assert.False(DecisionRules.Evaluate(DecisionRule.Majority, DecisionCounting.EachOrganisation, [], []).Met);
        Assert.Equal("No consensus yet: no members can take a position yet.", DecisionRules.Evaluate(DecisionRule.Consensus, DecisionCounting.EachMember, [], []).Summary);
    }
}
