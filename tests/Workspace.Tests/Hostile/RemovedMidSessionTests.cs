using Workspace.Tests.Features.Workshops;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Hostile;

/// <summary>
/// A page stays open after its person lost the right to use it: every service call checks the database
/// again, so the next write from that page is refused even though the circuit still holds their user id.
/// </summary>
public sealed class RemovedMidSessionTests : WorkshopTestBase
{
    public static TheoryData<string> Writes =>
    [
        "post entry", "reply", "react", "take position", "create goal", "rename goal", "record check-in", "save draft", "add idea", "dot vote", "leave partnership again",
    ];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task RemovedMember_NextWriteFromTheOpenPage_IsNotFound_AndNothingChanges(string write)
    {
        // Arrange: Cara has the workshop and the log open; then a facilitator removes her.
        var (workshop, item, _) = await LiveAsync();
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: false, Ct);
        var idea = (await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Share the van", Ct)).Value!.Id;
        var goal = Db.AddGoal(Partnership, "Feed every family");
        var indicator = Db.AddIndicator(goal, "Families fed", baseline: 0, target: 100);
        var decision = Db.AddLogEntry(Partnership, Fran, EntryKind.Decision, "Open on Sundays");
        Assert.True((await NewMemberService().RemoveAsync(Fran, Partnership, Cara, Ct)).Succeeded);
        var before = StoredState.Of(Db);
        Events.Clear();

        Task<Result> Act(string user) => write switch
        {
            "post entry" => Wrap(NewLogService().PostAsync(user, Partnership, new EntryInput { Title = "Still here" }, Ct)),
            "reply" => Wrap(NewReplyService().ReplyAsync(user, Partnership, decision, "Still here", [], Ct)),
            "react" => Wrap(NewReplyService().ToggleReactionAsync(user, Partnership, decision, "👍", Ct)),
            "take position" => Wrap(NewDecisionService().TakePositionAsync(user, Partnership, decision, Position.Objects, "No", Ct)),
            "create goal" => Wrap(NewGoalService().CreateAsync(user, Partnership, new NewGoalInput { Title = "Still here" }, Ct)),
            "rename goal" => Wrap(NewGoalService().SaveFieldAsync(user, Partnership, goal, GoalField.Title, "Feed every family", "Still here", Ct)),
            "record check-in" => Wrap(NewIndicatorService().RecordCheckInAsync(user, Partnership, indicator, new CheckInInput { Value = 5, AsOf = DateOnly.FromDateTime(UtcNow) }, Ct)),
            "save draft" => NewDraftService().SaveAsync(user, Partnership, goal, GoalField.Description, "Still here", "", Ct),
            "add idea" => Wrap(Ideas.AddIdeaAsync(user, Partnership, workshop, item, "Still here", Ct)),
            "dot vote" => Wrap(Voting.DotVoteAsync(user, Partnership, workshop, idea, add: true, Ct)),
            "leave partnership again" => NewMemberService().RemoveAsync(user, Partnership, user, Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(write)),
        };

        // Act
        var refused = await Act(Cara);

        // Assert
        Assert.Equal(ErrorKind.NotFound, refused.Error?.Kind);
        Assert.Empty(Events.Published);
        Assert.Equal(before, StoredState.Of(Db));
        var stillMember = await Act(Carl);
        Assert.NotEqual(ErrorKind.NotFound, stillMember.Error?.Kind);
    }

    [Fact]
    public async Task AdminDemotedByAnotherAdmin_CanNoLongerDecideRequests_NorPromoteThemselvesBack()
    {
        // Arrange: two admins of the council; Pat asks to speak for it.
        var council = Db.AddOrganisation("Harbour Council");
        var ada = Db.AddPerson("Ada Admin", "ada@harbour.example", council);
        var ben = Db.AddPerson("Ben Admin", "ben@harbour.example", council);
        Db.MakeOrganisationAdmin(ada);
        Db.MakeOrganisationAdmin(ben);
        var pat = Db.AddPersonWithoutOrganisation("Pat Person", "pat@gmail.example");
        Assert.True((await NewMembershipService().ChooseAsync(pat, council, Ct)).Succeeded);
        var request = Db.Read(db => db.OrganisationJoinRequests.Single(r => r.UserId == pat).Id);
        Assert.True((await NewMembershipService().SetAdminAsync(ben, ada, isAdmin: false, Ct)).Succeeded);
        var before = StoredState.Of(Db);

        // Act: Ada's admin page is still open.
        var decided = await NewMembershipService().DecideAsync(ada, request, approve: true, Ct);
        var promoted = await NewMembershipService().SetAdminAsync(ada, ada, isAdmin: true, Ct);
        var domain = await NewMembershipService().AddDomainAsync(ada, "harbour.example", Ct);

        // Assert
        Assert.Equal(ErrorKind.NotFound, decided.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, promoted.Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, domain.Error?.Kind);
        Assert.Equal("Only an organisation's admins can register its email domains.", domain.Error!.Message);
        Assert.Equal(before, StoredState.Of(Db));
        Assert.Equal(JoinRequestState.Pending, Db.Read(db => db.OrganisationJoinRequests.Single(r => r.Id == request).State));
        Assert.True((await NewMembershipService().DecideAsync(ben, request, approve: true, Ct)).Succeeded);
    }

    private static async Task<Result> Wrap<T>(Task<Result<T>> call) => await call;
}
