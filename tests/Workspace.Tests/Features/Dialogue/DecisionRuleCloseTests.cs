using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>
/// Closing a decision judges its rule: a rule that is met is recorded with the outcome; one that is not
/// needs a facilitator's reason for overriding it, which stays in the record and the audit trail.
/// </summary>
public sealed class DecisionRuleCloseTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _ola;
    private readonly string _olu;
    private readonly string _priya;
    private readonly Guid _partnership;
    private readonly Guid _decision;

    public DecisionRuleCloseTests()
    {
        var council = Db.AddOrganisation("City Council", Sector.Public);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: council);
        _ola = Db.AddPerson("Ola Officer", "ola@council.example", council);
        _olu = Db.AddPerson("Olu Officer", "olu@council.example", council);
        _priya = Db.AddPerson("Priya Shah", "priya@saferoute.example", Db.AddOrganisation("SafeRoute Ltd", Sector.Private));
        var observer = Db.AddPerson("Omar Observer", "omar@example.org", Db.AddOrganisation("Ministry", Sector.Public));
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_ola, PartnershipRole.Contributor),
            (_olu, PartnershipRole.Contributor), (_priya, PartnershipRole.Contributor), (observer, PartnershipRole.Observer));
        _decision = Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Fund night patrols", e => e.DecisionRule = DecisionRule.Majority);
    }

    [Fact]
    public async Task EntryDetail_JudgesTheRule_AsPositionsArrive_CountingOnlyThoseWhoMayTakeOne()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        await decisions.TakePositionAsync(_ola, _partnership, _decision, Position.Agree, null, Ct);
        var before = (await log.GetAsync(_fran, _partnership, _decision, Ct)).Value!;
        // Four voters (the observer has no vote): one agreeing is no majority.
        Assert.Equal(new RuleVerdict(false, "No majority yet: 1 of 4 members agree; 3 needed."), before.Verdict);

        await decisions.TakePositionAsync(_olu, _partnership, _decision, Position.Agree, null, Ct);
        await decisions.TakePositionAsync(_fran, _partnership, _decision, Position.Agree, null, Ct);

        var after = (await log.GetAsync(_priya, _partnership, _decision, Ct)).Value!;
        Assert.Equal(new RuleVerdict(true, "Majority reached: 3 of 4 members agree (more than half)."), after.Verdict);
    }

    [Fact]
    public async Task ClosingWithoutTheRuleMet_IsRefused_AndTheDecisionStaysOpen()
    {
        var decisions = NewDecisionService();
        await decisions.TakePositionAsync(_ola, _partnership, _decision, Position.Agree, null, Ct);

        var result = await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Patrols funded.", Ct);

        Assert.False(result.Succeeded);
        Assert.Equal("No majority yet: 1 of 4 members agree; 3 needed. To close it anyway, give the reason for overriding the rule; it stays in the record.",
            result.Error!.For("OverrideReason"));
        Assert.Null(Db.Read(db => db.LogEntries.Single(e => e.Id == _decision).ClosedUtc));
        Assert.Empty(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Outcome").ToList()));
    }

    [Fact]
    public async Task ClosingWithAnOverride_KeepsTheReasonAndWhereTheRuleStood_InTheRecordAndTheAuditTrail()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        await decisions.TakePositionAsync(_ola, _partnership, _decision, Position.Agree, null, Ct);

        var result = await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Patrols funded.", "  The budget deadline is today; partners agreed on the call.  ", Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("No majority yet: 1 of 4 members agree; 3 needed.", "The budget deadline is today; partners agreed on the call."),
            (result.Value!.RuleAtClose, result.Value.RuleOverrideReason));
        var shown = (await log.GetAsync(_priya, _partnership, _decision, Ct)).Value!.Entry;
        Assert.Equal("The budget deadline is today; partners agreed on the call.", shown.RuleOverrideReason);
        Assert.Equal(["Outcome", "RuleAtClose", "RuleOverride"],
            Db.Read(db => db.ChangeRecords.Where(c => c.EntityId == _decision.ToString() && c.Field != "Position").OrderBy(c => c.Id).Select(c => c.Field).ToList()));
    }

    [Fact]
    public async Task ClosingWithTheRuleMet_RecordsIt_AndIgnoresAnyOverrideReason()
    {
        var decisions = NewDecisionService();
        foreach (var voter in new[] { _ola, _olu, _fran })
        {
            await decisions.TakePositionAsync(voter, _partnership, _decision, Position.Agree, null, Ct);
        }

        var result = await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Patrols funded.", "Not needed", Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("Majority reached: 3 of 4 members agree (more than half).", null), (result.Value!.RuleAtClose, result.Value.RuleOverrideReason));
        Assert.Empty(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "RuleOverride").ToList()));
    }

    [Fact]
    public async Task CountingByOrganisation_GivesTheCouncilOneVoice_AndTheChangeIsAudited()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        foreach (var officer in new[] { _ola, _olu, _fran })
        {
            await decisions.TakePositionAsync(officer, _partnership, _decision, Position.Agree, null, Ct);
        }

        await decisions.TakePositionAsync(_priya, _partnership, _decision, Position.Objects, "Costs fall on us.", Ct);
        var partnerships = NewPartnershipService();
        var overview = (await partnerships.GetOverviewAsync(_fran, _partnership, Ct)).Value!;

        var saved = await partnerships.UpdateAsync(_fran, _partnership, new PartnershipInput
        {
            Name = overview.Name,
            Purpose = overview.Purpose,
            Status = overview.Status,
            DecisionCounting = DecisionCounting.EachOrganisation,
            Version = overview.Version,
        }, Ct);

        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.Equal(DecisionCounting.EachOrganisation, saved.Value!.DecisionCounting);
        var verdict = (await log.GetAsync(_fran, _partnership, _decision, Ct)).Value!.Verdict;
        Assert.Equal(new RuleVerdict(false, "No majority yet: 1 of 2 partner organisations agree; 2 needed."), verdict);
        var change = Db.Read(db => db.ChangeRecords.Single(c => c.Field == nameof(Partnership.DecisionCounting)));
        Assert.Equal(("EachMember", "EachOrganisation"), (change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task AContributor_CannotCloseWithAnOverride()
    {
        var result = await NewDecisionService().CloseDecisionAsync(_ola, _partnership, _decision, "Closed by me.", "Because I say so", Ct);

        Assert.False(result.Succeeded);
        Assert.Null(Db.Read(db => db.LogEntries.Single(e => e.Id == _decision).ClosedUtc));
    }
}
