using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Notifications;

/// <summary>"Since you last looked": others' changes, grouped by partnership and area, only of partnerships you are in.</summary>
public sealed class ChangesServiceTests : NotificationTestBase
{
    [Fact]
    public async Task OthersChanges_AreGroupedByArea_AndYourOwnAreLeftOut()
    {
        await NewChangesService().MarkSeenAsync(Priya, cancellationToken: Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await NewGoalService().CreateAsync(Fran, Partnership, new NewGoalInput { Title = "Fewer burglaries" }, Ct);
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Share release dates" }, Ct);
        await NewLogService().PostAsync(Priya, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "My own note" }, Ct);

        var feed = (await NewChangesService().SinceLastLookedAsync(Priya, cancellationToken: Ct)).Value!;

        var partnership = Assert.Single(feed);
        Assert.Equal("Safer Streets", partnership.Name);
        Assert.Equal(["Goals", "Decisions and the log"], partnership.Groups.Select(g => g.Area));
        Assert.All(partnership.Groups.SelectMany(g => g.Changes), c => Assert.Equal("Fran Facilitator", c.ActorName));
        Assert.Equal($"p/{Partnership}/goals", partnership.Groups[0].Link);
    }

    [Fact]
    public async Task PartnershipsYouAreNotIn_NeverAppear_AndAskingForOneIsNotFound()
    {
        await NewChangesService().MarkSeenAsync(Priya, cancellationToken: Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await NewLogService().PostAsync(Olu, Elsewhere, new EntryInput { Kind = EntryKind.Note, Title = "River survey" }, Ct);
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Lighting" }, Ct);

        var mine = (await NewChangesService().SinceLastLookedAsync(Priya, cancellationToken: Ct)).Value!;
        var theirs = await NewChangesService().SinceLastLookedAsync(Priya, Elsewhere, cancellationToken: Ct);

        Assert.Equal([Partnership], mine.Select(p => p.PartnershipId));
        Assert.Equal(ErrorKind.NotFound, theirs.Error?.Kind);
    }

    [Fact]
    public async Task MarkAllAsSeen_EmptiesTheFeed_UntilSomethingElseChanges()
    {
        await NewChangesService().MarkSeenAsync(Priya, cancellationToken: Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "First" }, Ct);
        Assert.Single((await NewChangesService().SinceLastLookedAsync(Priya, Partnership, cancellationToken: Ct)).Value!);

        Clock.Advance(TimeSpan.FromMinutes(1));
        await NewChangesService().MarkSeenAsync(Priya, Partnership, Ct);
        Assert.Empty((await NewChangesService().SinceLastLookedAsync(Priya, Partnership, cancellationToken: Ct)).Value!);
        Assert.Equal(0, await NewReadStateService().UnreadCountAsync(Priya, Partnership, Ct));

        Clock.Advance(TimeSpan.FromMinutes(1));
        await NewMemberService().ChangeRoleAsync(Fran, Partnership, Omar, PartnershipRole.Contributor, Ct);
        var after = Assert.Single((await NewChangesService().SinceLastLookedAsync(Priya, Partnership, cancellationToken: Ct)).Value!);
        Assert.Equal("Members", Assert.Single(after.Groups).Area);
    }

    [Fact]
    public async Task InvitationsAndVotes_AreLeftOut()
    {
        await NewChangesService().MarkSeenAsync(Priya, cancellationToken: Ct);
        Clock.Advance(TimeSpan.FromHours(1));
        var invited = await NewMemberService().InviteAsync(Fran, Partnership, new Workspace.Web.Features.Members.InviteInput { Email = "new@example.org" }, Ct);

        Assert.True(invited.Succeeded, invited.Error?.Message);
        Assert.Empty((await NewChangesService().SinceLastLookedAsync(Priya, cancellationToken: Ct)).Value!);
    }
}
