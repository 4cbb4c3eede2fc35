using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>
/// Members take a position on an open decision, with a reason for concerns and objections; each member
/// counts once; a facilitator closes it with an outcome, after which it changes only by amendment.
/// </summary>
public sealed class DecisionServiceTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _priya;
    private readonly Guid _partnership;
    private readonly Guid _decision;

    public DecisionServiceTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _priya = Db.AddPerson("Priya Shah", organisationId: Db.AddOrganisation("SafeRoute Technologies Ltd", Sector.Private));
        _partnership = Db.AddPartnership("Safer Streets", (_fran, PartnershipRole.Facilitator), (_priya, PartnershipRole.Contributor));
        _decision = Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Pilot the app on route 12");
    }

    [Fact]
    public async Task Objection_IsRecordedWithItsReasonAndTheOrganisation()
    {
        var result = await NewDecisionService().TakePositionAsync(_priya, _partnership, _decision, Position.Objects, "  The route has no signal after 11pm.  ", Ct);

        var position = Assert.Single(result.Value!);
        Assert.Equal((Position.Objects, "The route has no signal after 11pm.", "SafeRoute Technologies Ltd", Sector.Private),
            (position.Position, position.Reason, position.OrganisationName, position.Sector));
        Assert.Equal(UtcNow, position.RecordedUtc);
        var change = Db.Read(db => db.ChangeRecords.Single());
        Assert.Equal(("Position", null, "Objects: The route has no signal after 11pm."), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task SecondPosition_ReplacesTheFirstAndCountsOnce()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        await decisions.TakePositionAsync(_priya, _partnership, _decision, Position.Concerns, "Costs are unclear.", Ct);
        Clock.Advance(TimeSpan.FromHours(1));

        var result = await decisions.TakePositionAsync(_priya, _partnership, _decision, Position.Agree, null, Ct);

        var position = Assert.Single(result.Value!);
        Assert.Equal((Position.Agree, ""), (position.Position, position.Reason));
        var detail = await log.GetAsync(_fran, _partnership, _decision, Ct);
        Assert.Equal(new Tally(1, 0, 0, 0), detail.Value!.Entry.Tally);
        Assert.Equal([(null, "Concerns: Costs are unclear."), ("Concerns", "Agree")],
            Db.Read(db => db.ChangeRecords.OrderBy(c => c.Id).Select(c => new ValueTuple<string?, string?>(c.OldValue, c.NewValue)).ToList()));
    }

    [Fact]
    public async Task TwentyMembersRecordingAtOnce_AreAllCounted()
    {
        var members = Enumerable.Range(1, 20).Select(i => Db.AddPerson($"Member {i}", $"member{i}@example.org")).ToList();
        foreach (var member in members)
        {
            Db.AddMember(_partnership, member, PartnershipRole.Contributor);
        }

        var results = await Task.WhenAll(members.Select((member, i) => NewDecisionService().TakePositionAsync(
            member, _partnership, _decision, i % 4 == 0 ? Position.Concerns : Position.Agree, i % 4 == 0 ? "Timing." : null, Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var detail = await NewLogService().GetAsync(_fran, _partnership, _decision, Ct);
        Assert.Equal(new Tally(15, 5, 0, 0), detail.Value!.Entry.Tally);
        Assert.Equal(20, detail.Value.Positions.Select(p => p.UserId).Distinct().Count());
    }

    [Fact]
    public async Task PositionOnAClosedDecision_IsRefused()
    {
        var decisions = NewDecisionService();
        await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Agreed.", Ct);
        Events.Clear();

        var result = await decisions.TakePositionAsync(_priya, _partnership, _decision, Position.Objects, "Too late, but no.", Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("This decision is closed: positions can no longer change.", result.Error!.For("Position"));
        Assert.Equal(0, Db.Read(db => db.DecisionPositions.Count()));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task PositionOnANote_IsNotFound()
    {
        var note = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Minutes");

        var result = await NewDecisionService().TakePositionAsync(_priya, _partnership, note, Position.Agree, null, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task Closing_KeepsTheDissentAndRecordsTheOutcome()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        await decisions.TakePositionAsync(_priya, _partnership, _decision, Position.Objects, "No signal after 11pm.", Ct);
        await decisions.TakePositionAsync(_fran, _partnership, _decision, Position.Agree, null, Ct);

        // Consent is not given while Priya objects: closing anyway takes a reason.
        var closed = await decisions.CloseDecisionAsync(_fran, _partnership, _decision, " Go ahead; review signal coverage in May. ", "The pilot cannot wait; coverage is reviewed in May.", Ct);

        Assert.Equal((UtcNow, "Go ahead; review signal coverage in May.", false), (closed.Value!.ClosedUtc, closed.Value.Outcome, closed.Value.IsOpenDecision));
        var detail = await log.GetAsync(_fran, _partnership, _decision, Ct);
        Assert.Equal(new Tally(1, 0, 1, 0), detail.Value!.Entry.Tally);
        Assert.Equal("No signal after 11pm.", detail.Value.Positions.Single(p => p.UserId == _priya).Reason);
        Assert.Contains(Db.Read(db => db.ChangeRecords.Select(c => c.Field).ToList()), f => f == "Outcome");
    }

    [Fact]
    public async Task ClosingTwice_IsRefused()
    {
        var decisions = NewDecisionService();
        await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Agreed.", Ct);

        var result = await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Agreed again.", Ct);

        Assert.Equal("This decision is already closed. Add an amendment instead.", result.Error?.For("Outcome"));
        Assert.Equal("Agreed.", Db.Read(db => db.LogEntries.Single().Outcome));
    }

    [Fact]
    public async Task EditingAClosedDecision_IsAConflict()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        var closed = await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Agreed.", Ct);
        Events.Clear();

        var result = await log.EditAsync(_fran, _partnership, _decision,
            new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app on every route", Version = closed.Value!.Version }, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal("Pilot the app on route 12", Db.Read(db => db.LogEntries.Single().Title));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Amendments_AreListedInOrderAndTheOutcomeStays()
    {
        var log = NewLogService();
        var decisions = NewDecisionService();
        await decisions.CloseDecisionAsync(_fran, _partnership, _decision, "Pilot from April.", Ct);
        Clock.Advance(TimeSpan.FromDays(3));
        await decisions.AmendDecisionAsync(_fran, _partnership, _decision, "Start moved to May: the buses need new brackets.", Ct);
        Clock.Advance(TimeSpan.FromDays(3));
        await decisions.AmendDecisionAsync(_fran, _partnership, _decision, "Route 7 added.", Ct);

        var detail = await log.GetAsync(_priya, _partnership, _decision, Ct);

        Assert.Equal("Pilot from April.", detail.Value!.Entry.Outcome);
        Assert.Equal(["Start moved to May: the buses need new brackets.", "Route 7 added."], detail.Value.Amendments.Select(a => a.Text));
        Assert.All(detail.Value.Amendments, a => Assert.Equal("Fran Facilitator", a.ByName));
    }

    [Fact]
    public async Task AmendingAnOpenDecision_IsRefused()
    {
        var result = await NewDecisionService().AmendDecisionAsync(_fran, _partnership, _decision, "Changed my mind.", Ct);

        Assert.Equal("Only closed decisions are amended; an open one can still be edited.", result.Error?.For("Text"));
        Assert.Equal(0, Db.Read(db => db.DecisionAmendments.Count()));
    }

    [Fact]
    public async Task PositionsChanged_CarriesEveryPositionAndTheNewTally()
    {
        var decisions = NewDecisionService();
        await decisions.TakePositionAsync(_fran, _partnership, _decision, Position.Agree, null, Ct);
        Events.Clear();

        await decisions.TakePositionAsync(_priya, _partnership, _decision, Position.Abstain, null, Ct);

        var changed = Assert.IsType<PositionsChanged>(Assert.Single(Events.Published));
        Assert.Equal(_decision, changed.EntryId);
        Assert.Equal(2, changed.Positions.Count);
        Assert.Equal(new Tally(1, 0, 0, 1), changed.Entry.Tally);
    }
}
