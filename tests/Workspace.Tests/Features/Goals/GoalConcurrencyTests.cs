using Workspace.Tests.Support;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// Partners recording at the same moment, on a WAL database file where every operation has its own
/// connection (as in the app): each change publishes the goal's picture, and those pictures must be
/// orderable whatever order they arrive in.
/// </summary>
public sealed class GoalConcurrencyTests() : ServiceTestBase(TestDatabase.OnFile())
{
    [Fact]
    public async Task TwelveOrganisationsRecordingConfidenceAtOnce_TheNewestPictureHoldsEveryOne()
    {
        var fran = Db.AddPerson("Fran Facilitator");
        var partnership = Db.AddPartnership("Clean Rivers", (fran, PartnershipRole.Facilitator));
        var goal = Db.AddGoal(partnership, "Halve river pollution");
        var indicator = Db.AddIndicator(goal, "Fish counted", 10, 50);
        var members = Enumerable.Range(1, 12).Select(i =>
            Db.AddPerson($"Member {i}", $"member{i}@example.org", Db.AddOrganisation($"Organisation {i}", (Sector)(i % 4)))).ToList();
        members.ForEach(m => Db.AddMember(partnership, m, PartnershipRole.Contributor));

        var results = await Task.WhenAll(members.Select((member, i) => Task.Run(() =>
            NewIndicatorService().RecordConfidenceAsync(member, partnership, indicator, 1 + (i % 5), null, Ct), Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var pictures = Events.Published.OfType<IndicatorSaved>().OrderBy(p => p.Indicator.Revision).ToList();
        Assert.Equal(12, pictures.Count);
        Assert.Equal(12, pictures.Select(p => p.Indicator.Revision).Distinct().Count());
        Assert.All(pictures, p => Assert.Equal(p.Goal.Revision, p.Indicator.Revision));

        // A later revision never shows fewer confidences, and the newest shows all twelve: a page keeping
        // the newest picture it has seen misses none, in whatever order they arrive.
        Assert.All(pictures.Zip(pictures.Skip(1)), pair => Assert.True(pair.Second.Indicator.Confidences.Count >= pair.First.Indicator.Confidences.Count));
        Assert.Equal(12, pictures[^1].Indicator.CurrentConfidences.Count);
    }

    [Fact]
    public async Task TitleSavesWhileConfidencesArrive_AllLand_AndEveryPictureHasItsOwnRevision()
    {
        var fran = Db.AddPerson("Fran Facilitator", organisationId: Db.AddOrganisation("Riverside Council"));
        var partnership = Db.AddPartnership("Clean Rivers", (fran, PartnershipRole.Facilitator));
        var goal = Db.AddGoal(partnership, "Title 0");
        var indicator = Db.AddIndicator(goal, "Fish counted", 10, 50);
        var members = Enumerable.Range(1, 10).Select(i =>
            Db.AddPerson($"Member {i}", $"member{i}@example.org", Db.AddOrganisation($"Organisation {i}", Sector.CivilSociety))).ToList();
        members.ForEach(m => Db.AddMember(partnership, m, PartnershipRole.Contributor));

        var confidences = members.Select(member => Task.Run(() => NewIndicatorService().RecordConfidenceAsync(member, partnership, indicator, 3, null, Ct), Ct)).ToList();
        var titles = Task.Run(async () =>
        {
            for (var i = 1; i <= 5; i++)
            {
                var saved = await NewGoalService().SaveFieldAsync(fran, partnership, goal, GoalField.Title, $"Title {i - 1}", $"Title {i}", Ct);
                Assert.True(saved.Value?.Saved, saved.Error?.Message);
            }
        }, Ct);
        await Task.WhenAll([.. confidences, titles]);

        Assert.All(await Task.WhenAll(confidences), r => Assert.True(r.Succeeded, r.Error?.Message));
        var labels = Events.Published.OfType<GoalSaved>().Select(e => e.Goal.Revision)
            .Concat(Events.Published.OfType<IndicatorSaved>().Select(e => e.Goal.Revision)).ToList();
        Assert.Equal(15, labels.Count);
        Assert.Equal(15, labels.Distinct().Count());
        var newest = Events.Published.OfType<GoalSaved>().MaxBy(e => e.Goal.Revision)!.Goal;
        Assert.Equal("Title 5", newest.Title);
        Assert.Equal(Db.Read(db => db.Goals.Single(g => g.Id == goal).Revision), labels.Max());
    }
}
