using Workspace.Tests.Features.Workshops;
using Workspace.Web.Data;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Profile;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Activity;

/// <summary>Every action leaves exactly its own record, worded for people, and nothing private goes into one.</summary>
public sealed class AuditCoverageTests : WorkshopTestBase
{
    private List<ChangeRecord> Records(string entityType) =>
        Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == entityType).OrderBy(c => c.Id).ToList());

    private async Task<List<string>> ActivityOfAsync(string userId) =>
        [.. (await new ActivityService(Db).ListAsync(userId, Partnership, null, Ct)).Value!.Select(e => $"{e.ActorName} {e.Text}")];

    [Fact]
    public async Task AddIdea_RecordsItsAuthorAndText_ARefusedOneRecordsNothing()
    {
        var (workshop, item, _) = await LiveAsync();

        var added = await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Open on Sundays", Ct);
        var refused = await Ideas.AddIdeaAsync(Olly, Partnership, workshop, item, "Observers cannot add", Ct);

        Assert.True(added.Succeeded);
        Assert.False(refused.Succeeded);
        var record = Assert.Single(Records(nameof(WorkshopIdea)));
        Assert.Equal((Cara, "Added", AuditTrail.Join("What worked last winter", "Open on Sundays")), (record.UserId, record.Field, record.NewValue));
        Assert.Contains("Cara Contributor added an idea to “What worked last winter”", await ActivityOfAsync(Olly));
    }

    [Fact]
    public async Task PrivateIdea_IsRecordedWithoutItsText_UntilTheReveal()
    {
        var (workshop, _, privateItem) = await LiveAsync();
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, privateItem, Ct);

        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, privateItem, "Cara's secret idea", Ct)).Value!;

        Assert.DoesNotContain(Db.Read(db => db.ChangeRecords.ToList()), r => $"{r.OldValue}{r.NewValue}".Contains("secret", StringComparison.Ordinal));
        Assert.Contains("Cara Contributor added a private idea to “Priorities”", await ActivityOfAsync(Olly));
        Assert.True((await Ideas.RemoveIdeaAsync(Cara, Partnership, workshop, idea.Id, Ct)).Succeeded);
        Assert.DoesNotContain(Db.Read(db => db.ChangeRecords.ToList()), r => $"{r.OldValue}{r.NewValue}".Contains("secret", StringComparison.Ordinal));

        Assert.True((await Ideas.RevealIdeasAsync(Fran, Partnership, workshop, privateItem, Ct)).Succeeded);
        Assert.Contains("Fran Facilitator revealed the private ideas of “Priorities”", await ActivityOfAsync(Olly));
        Assert.Single(Records(nameof(WorkshopItem)), r => r.Field == "IdeasRevealed" && r.UserId == Fran);
    }

    [Fact]
    public async Task AnonymousDotVote_RecordsNoVoter_OnlyHowManyVotedAtTheClose()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Sunday opening", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 2, anonymous: true, Ct);

        Assert.True((await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct)).Succeeded);
        Assert.True((await Voting.CloseDotVoteAsync(Fran, Partnership, workshop, item, Ct)).Succeeded);

        Assert.Empty(Records(nameof(WorkshopVote)));
        Assert.DoesNotContain(Db.Read(db => db.ChangeRecords.ToList()), r => r.UserId == Carl);
        var closed = Assert.Single(Records(nameof(WorkshopItem)), r => r.Field == "VoteClosed");
        Assert.Equal((Fran, AuditTrail.Join("What worked last winter", "1")), (closed.UserId, closed.NewValue));
    }

    [Fact]
    public async Task NamedDotVote_RecordsWhoVotedForWhat_SeenByEveryoneOnceRevealed()
    {
        var (workshop, item, _) = await LiveAsync();
        var idea = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "More street lights", Ct)).Value!;
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 2, anonymous: false, Ct);

        Assert.True((await Voting.DotVoteAsync(Carl, Partnership, workshop, idea.Id, true, Ct)).Succeeded);

        var vote = Assert.Single(Records(nameof(WorkshopVote)));
        Assert.Equal((Carl, "Dot"), (vote.UserId, vote.Field));
        Assert.Contains("Carl Contributor voted for “More street lights”", await ActivityOfAsync(Fran));
        Assert.DoesNotContain("Carl Contributor voted for “More street lights”", await ActivityOfAsync(Olly));
        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        Assert.Contains("Carl Contributor voted for “More street lights”", await ActivityOfAsync(Olly));
    }

    [Fact]
    public async Task PollAndAgenda_AreRecordedInPlainWords()
    {
        var (workshop, item, second) = await LiveAsync();
        var poll = (await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Which night?", Options = ["Monday", "Friday"] }, Ct)).Value!;
        await Voting.VotePollAsync(Cara, Partnership, workshop, poll.Id, [poll.Options[1].Id], Ct);
        await Voting.SetPollAsync(Fran, Partnership, workshop, poll.Id, VotingState.Closed, reveal: true, Ct);
        await Workshops.MoveItemAsync(Fran, Partnership, workshop, second, -1, Ct);
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, second, Ct);

        var activity = await ActivityOfAsync(Olly);
        Assert.Contains("Cara Contributor answered the poll “Which night?”: Friday", activity);
        Assert.Contains("Fran Facilitator closed the poll “Which night?”", activity);
        Assert.Contains("Fran Facilitator revealed the results of the poll “Which night?”", activity);
        Assert.Contains("Fran Facilitator moved “Priorities” to position 1", activity);
        Assert.Contains("Fran Facilitator ended “What worked last winter” and started “Priorities”", activity);
    }

    [Fact]
    public async Task Reaction_AddedAndTakenBack_IsRecordedEachTime()
    {
        var entry = (await NewLogService().PostAsync(Cara, Partnership, new EntryInput { Title = "Crossing survey" }, Ct)).Value!;

        Assert.True((await NewReplyService().ToggleReactionAsync(Carl, Partnership, entry.Id, "thumbs-up", Ct)).Succeeded);
        Assert.True((await NewReplyService().ToggleReactionAsync(Carl, Partnership, entry.Id, "thumbs-up", Ct)).Succeeded);
        Assert.False((await NewReplyService().ToggleReactionAsync(Olly, Partnership, entry.Id, "thumbs-up", Ct)).Succeeded);

        Assert.Equal([(Carl, "Added"), (Carl, "Removed")], Records(nameof(LogReaction)).Select(r => (r.UserId, r.Field)));
        Assert.Contains("Carl Contributor reacted 👍 to “Crossing survey”", await ActivityOfAsync(Olly));
    }

    [Fact]
    public async Task ProfileChange_IsRecordedInEveryPartnershipAndTheDirectory()
    {
        var profiles = new ProfileService(Db, Clock);

        Assert.True((await profiles.UpdateAsync(Cara, new ProfileInput { DisplayName = "Cara Costa" }, Ct)).Succeeded);
        Assert.False((await profiles.UpdateAsync(Cara, new ProfileInput { DisplayName = "" }, Ct)).Succeeded);

        var records = Records(ProfileService.AccountEntity);
        Assert.Equal([OrganisationAudit.DirectoryChain, Partnership], records.Select(r => r.PartnershipId).Order());
        Assert.All(records, r => Assert.Equal((Cara, "Cara Contributor", "Cara Costa"), (r.UserId, r.OldValue, r.NewValue)));
        Assert.Contains("Cara Costa changed their name from “Cara Contributor” to “Cara Costa”", await ActivityOfAsync(Olly));
    }

    [Fact]
    public void Describe_WordsEveryKindOfRecord_InPlainLanguage()
    {
        foreach (var (entityType, field) in ActivityWording.Kinds)
        {
            var record = new ChangeRecord { EntityType = entityType, Field = field, UserId = "u", OldValue = AuditTrail.Join("Old", "x"), NewValue = AuditTrail.Join("New", "2") };
            var text = ActivityService.Describe(record, _ => "Ana").Text;

            Assert.False(text.StartsWith($"changed {field}", StringComparison.Ordinal), $"{entityType}.{field}: {text}");
            Assert.DoesNotContain(entityType, text, StringComparison.Ordinal);
        }
    }
}
