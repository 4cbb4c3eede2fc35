using System.Text;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>The events the real services publish cross nodes intact.</summary>
public sealed class EventContractServiceTests : ServiceTestBase
{
    [Fact]
    public async Task EventsPublishedByServices_RoundTripToTheSameJson()
    {
        var ana = Db.AddPerson("Ana");
        var priya = Db.AddPerson("Priya");
        var partnership = Db.AddPartnership("River Partnership", (ana, PartnershipRole.Facilitator), (priya, PartnershipRole.Contributor));
        var goal = (await NewGoalService().CreateAsync(ana, partnership, new NewGoalInput { Title = "Clean the river", DueDate = new DateOnly(2027, 6, 30) }, Ct)).Value!;
        await NewGoalService().SaveFieldAsync(ana, partnership, goal.Id, GoalField.Title, "Clean the river", "Clean the whole river", Ct);
        var decision = (await NewLogService().PostAsync(ana, partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Share data", Body = "**Monthly**", GoalId = goal.Id }, Ct)).Value!;
        await NewDecisionService().TakePositionAsync(priya, partnership, decision.Id, Position.Concerns, "Privacy first.", Ct);
        await NewReplyService().ReplyAsync(priya, partnership, decision.Id, "Agreed in principle.", [], Ct);

        var published = Events.Published;
        Assert.Contains(published, e => e is GoalSaved);
        Assert.Contains(published, e => e is LogEntrySaved);
        Assert.Contains(published, e => e is PositionsChanged);
        Assert.Contains(published, e => e is ReplyPosted);
        foreach (var change in published)
        {
            var sent = EventContract.Serialize(change, 1, "n");
            var received = EventContract.Deserialize(sent);
            Assert.True(received.Event is not null, $"{change.GetType().Name}: {received.Error}");
            Assert.Equal(Encoding.UTF8.GetString(sent), Encoding.UTF8.GetString(EventContract.Serialize(received.Event, 1, "n")));
        }
    }
}
