using Workspace.Tests.Features.Workshops;
using Workspace.Tests.Support;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Hostile;

/// <summary>
/// Contributors and observers trying what only facilitators may do, for the calls the feature permission
/// tests leave out (Features/Workshops/WorkshopPermissionTests covers plan, start, advance, timer, reveal,
/// open-vote, poll, capture, end and equity; Features/Goals/GoalPermissionTests, Dialogue/LogPermissionTests
/// and Members/MemberPermissionTests cover every goal, log and member action). Each is refused with a message
/// naming who may do it, nothing is stored or published, and the facilitator's own call goes through.
/// </summary>
public sealed class RoleTests : WorkshopTestBase
{
    private static readonly string[] Actions =
    [
        "edit workshop", "delete workshop", "remove item", "move item", "close dot vote", "reveal dot votes", "close poll",
        "make ideas private", "focus goal", "extend timer", "bring everyone", "verify audit chain", "update partnership",
    ];

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var action in Actions)
            {
                data.Add("contributor", action);
                data.Add("observer", action);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ActionAboveTheirRole_IsForbidden_AndNothingChanges(string who, string action)
    {
        // Arrange
        var (workshop, item, secondItem) = await LiveAsync();
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Open on Sundays", Ct);
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Weekly?", Options = ["Yes", "No"] }, Ct)).Value!.Id;
        var goal = Db.AddGoal(Partnership, "Feed every family");
        var before = StoredState.Of(Db);
        Events.Clear();

        Task<Result> Act(string user) => action switch
        {
            "edit workshop" => Wrap(Workshops.EditAsync(user, Partnership, workshop, new WorkshopInput { Title = "Renamed", StartsUtc = UtcNow.AddDays(2) }, Ct)),
            "delete workshop" => Workshops.DeleteAsync(user, Partnership, workshop, Ct),
            "remove item" => Wrap(Workshops.RemoveItemAsync(user, Partnership, workshop, secondItem, Ct)),
            "move item" => Wrap(Workshops.MoveItemAsync(user, Partnership, workshop, secondItem, -1, Ct)),
            "close dot vote" => Wrap(Voting.CloseDotVoteAsync(user, Partnership, workshop, item, Ct)),
            "reveal dot votes" => Wrap(Voting.RevealDotVotesAsync(user, Partnership, workshop, item, Ct)),
            "close poll" => Wrap(Voting.SetPollAsync(user, Partnership, workshop, poll, VotingState.Closed, reveal: true, Ct)),
            "make ideas private" => Wrap(Ideas.SetIdeasPrivateAsync(user, Partnership, workshop, item, true, Ct)),
            "focus goal" => Wrap(Workshops.FocusGoalAsync(user, Partnership, workshop, goal, Ct)),
            "extend timer" => Wrap(Workshops.ExtendTimerAsync(user, Partnership, workshop, 5, Ct)),
            "bring everyone" => Wrap(Workshops.BringEveryoneAsync(user, Partnership, workshop, Ct)),
            "verify audit chain" => Wrap(new ActivityService(Db).VerifyAsync(user, Partnership, Ct)),
            "update partnership" => Wrap(NewPartnershipService().UpdateAsync(user, Partnership,
                new PartnershipInput { Name = "Taken over", Purpose = "Ours now.", Status = PartnershipStatus.Active }, Ct)),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        // Act
        var refused = await Act(UserFor(who));

        // Assert
        Assert.Equal(ErrorKind.Forbidden, refused.Error?.Kind);
        Assert.Contains("facilitator", refused.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Events.Published);
        Assert.Equal(before, StoredState.Of(Db));
        var allowed = await Act(Fran);
        Assert.False(allowed.Error?.Kind is ErrorKind.Forbidden or ErrorKind.NotFound, allowed.Error?.Message);
    }

    private static async Task<Result> Wrap<T>(Task<Result<T>> call) => await call;
}
