using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>
/// Positions recorded at the same moment, on a WAL database file where every operation has its own
/// connection (as in the app), so the writes really race rather than queue on one connection.
/// </summary>
public sealed class DecisionConcurrencyTests() : ServiceTestBase(TestDatabase.OnFile())
{
    [Fact]
    public async Task FortyMembersRecordingAtOnce_AreAllCountedOnce()
    {
        var (partnership, decision, fran) = CreateDecision();
        var organisations = new[] { Db.AddOrganisation("City Council", Sector.Public), Db.AddOrganisation("SafeRoute", Sector.Private), Db.AddOrganisation("Streetlight Trust", Sector.CivilSociety) };
        var members = Enumerable.Range(1, 40).Select(i => Db.AddPerson($"Member {i}", $"member{i}@example.org", organisations[i % 3])).ToList();
        members.ForEach(m => Db.AddMember(partnership, m, PartnershipRole.Contributor));

        var results = await Task.WhenAll(members.Select((member, i) => Task.Run(() => NewDecisionService().TakePositionAsync(
            member, partnership, decision, (Position)(i % 4), i % 4 is 1 or 2 ? "Timing." : null, Ct), Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var detail = await NewLogService().GetAsync(fran, partnership, decision, Ct);
        Assert.Equal(new Tally(10, 10, 10, 10), detail.Value!.Entry.Tally);
        Assert.Equal(40, Db.Read(db => db.DecisionPositions.Count()));
        Assert.Equal(40, Db.Read(db => db.ChangeRecords.Count(c => c.Field == "Position")));

        // Each published picture has its own revision, a later one never shows fewer positions, and the
        // newest shows all forty: a page keeping the newest it has seen misses none, in any arrival order.
        var pictures = Events.Published.OfType<PositionsChanged>().OrderBy(p => p.Entry.Revision).ToList();
        Assert.Equal(40, pictures.Count);
        Assert.Equal(40, pictures.Select(p => p.Entry.Revision).Distinct().Count());
        Assert.All(pictures.Zip(pictures.Skip(1)), pair => Assert.True(pair.Second.Positions.Count >= pair.First.Positions.Count));
        Assert.Equal(40, pictures[^1].Positions.Count);
        Assert.Equal(new Tally(10, 10, 10, 10), pictures[^1].Entry.Tally);
    }

    [Fact]
    public async Task OneMemberClickingInTwoTabs_KeepsOnePosition()
    {
        var (partnership, decision, _) = CreateDecision();
        var priya = Db.AddPerson("Priya Shah");
        Db.AddMember(partnership, priya, PartnershipRole.Contributor);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => NewDecisionService().TakePositionAsync(
            priya, partnership, decision, i % 2 == 0 ? Position.Agree : Position.Abstain, null, Ct), Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(1, Db.Read(db => db.DecisionPositions.Count()));
    }

    [Fact]
    public async Task ClosingWhilePositionsArrive_NoPositionLandsAfterTheClose()
    {
        var (partnership, decision, fran) = CreateDecision();
        var members = Enumerable.Range(1, 20).Select(i => Db.AddPerson($"Member {i}", $"member{i}@example.org")).ToList();
        members.ForEach(m => Db.AddMember(partnership, m, PartnershipRole.Contributor));

        var positionTasks = members.Select(member => Task.Run(() => NewDecisionService().TakePositionAsync(member, partnership, decision, Position.Agree, null, Ct), Ct)).ToList();
        var closeTask = Task.Run(() => NewDecisionService().CloseDecisionAsync(fran, partnership, decision, "Agreed.", Ct), Ct);
        var positions = await Task.WhenAll(positionTasks);
        var close = await closeTask;

        Assert.True(close.Succeeded, close.Error?.Message);
        var accepted = positions.Count(p => p.Succeeded);
        Assert.All(positions.Where(p => !p.Succeeded), p => Assert.Equal("This decision is closed: positions can no longer change.", p.Error!.For("Position")));
        // Every stored position was recorded before the decision closed, and every accepted one was stored.
        var closedUtc = Db.Read(db => db.LogEntries.Single(e => e.Id == decision).ClosedUtc);
        Assert.NotNull(closedUtc);
        Assert.Equal(accepted, Db.Read(db => db.DecisionPositions.Count()));
        var closeRecord = Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Outcome").Select(c => c.Id).Single());
        Assert.All(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Position").Select(c => c.Id).ToList()), id => Assert.True(id < closeRecord));
    }

    private (Guid Partnership, Guid Decision, string Facilitator) CreateDecision()
    {
        var fran = Db.AddPerson("Fran Facilitator");
        var partnership = Db.AddPartnership("Safer Streets", (fran, PartnershipRole.Facilitator));
        return (partnership, Db.AddLogEntry(partnership, fran, EntryKind.Decision, "Pilot the app on route 12"), fran);
    }
}
