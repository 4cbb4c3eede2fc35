using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>Ideas, dot votes and polls.</summary>
public sealed partial class WorkshopService
{
    /// <summary>What the viewer may see of a workshop: others' private ideas only after they are revealed, counts only to facilitators or after reveal.</summary>
    public Task<Result<WorkshopDetail>> GetAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default) =>
        DetailAsync(userId, partnershipId, workshopId, forRoom: false, cancellationToken);

    /// <summary>
    /// What the room screen shows, for any member: only what every participant may see, whoever is signed in
    /// at the projector. No private idea before the reveal (the signed-in person's own neither), counts only
    /// once revealed (a facilitator's too), and nobody's own dots or choices.
    /// </summary>
    public Task<Result<WorkshopDetail>> RoomAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default) =>
        DetailAsync(userId, partnershipId, workshopId, forRoom: true, cancellationToken);

    private async Task<Result<WorkshopDetail>> DetailAsync(string? userId, Guid partnershipId, Guid workshopId, bool forRoom, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        if (workshop is null)
        {
            return ServiceError.NotFound;
        }

        var run = await RunViewAsync(db, workshop, cancellationToken);
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);

        // Read before the ideas and votes: what follows is at least as new as these revisions.
        var revisions = await db.WorkshopItems.AsNoTracking().Where(i => i.WorkshopId == workshopId)
            .ToDictionaryAsync(i => i.Id, i => i.Revision, cancellationToken);
        var ideas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.WorkshopId == workshopId && i.RemovedUtc == null).OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
        var hiddenItems = run.Items.Where(i => i.IdeasHidden).Select(i => i.Id).ToHashSet();

        // The room screen is nobody's: it sees what someone who wrote nothing and may not see counts would.
        var viewer = forRoom ? null : userId;
        var visible = ideas.Where(i => !hiddenItems.Contains(i.ItemId) || (viewer is not null && i.AuthorUserId == viewer)).ToList();
        var hiddenCounts = ideas.Where(i => hiddenItems.Contains(i.ItemId) && (viewer is null || i.AuthorUserId != viewer))
            .GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.Count());
        var kinds = await EntryKindsAsync(db, visible, cancellationToken);

        var isFacilitator = !forRoom && role == PartnershipRole.Facilitator;
        var votes = await LiveVotes(db).AsNoTracking().Where(v => v.WorkshopId == workshopId).ToListAsync(cancellationToken);
        var dotCounts = new Dictionary<Guid, IReadOnlyList<VoteCount>>();
        foreach (var item in run.Items.Where(i => i.VotingState != VotingState.NotStarted && (isFacilitator || i.VotesRevealed)))
        {
            dotCounts[item.Id] = Counts(votes.Where(v => v.BallotTargetId == item.Id), v => v.IdeaId, item.VotesAnonymous, people);
        }

        var myDots = votes.Where(v => viewer is not null && v.UserId == viewer && v.IdeaId is not null).GroupBy(v => v.IdeaId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var polls = await PollViewsAsync(db, workshopId, null, votes, people, isFacilitator, cancellationToken);
        var myChoices = votes.Where(v => viewer is not null && v.UserId == viewer && v.OptionId is not null).GroupBy(v => v.BallotTargetId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Guid>)[.. g.Select(v => v.OptionId!.Value)]);

        return new WorkshopDetail(run, role!.Value, [.. visible.Select(i => ToView(i, people, kinds))], hiddenCounts, dotCounts, myDots, polls, myChoices, revisions);
    }

    public async Task<Result<IdeaView>> AddIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, string text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadLiveItemAsync(db, userId, partnershipId, workshopId, itemId, PartnershipRole.Contributor, "add ideas", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var rules = new InputRules().Required("Text", "Idea", text, WorkshopIdea.TextMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        if (await Quotas.IdeasAsync(db, _quotas, userId, itemId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var idea = new WorkshopIdea
        {
            Id = Guid.NewGuid(),
            WorkshopId = workshopId,
            ItemId = itemId,
            AuthorUserId = userId,
            AuthorOrganisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken),
            Text = InputRules.Stored(text),
            CreatedUtc = Now,
        };
        db.WorkshopIdeas.Add(idea);
        var item = loaded.Value!;
        // Everyone can read the Activity page: a private idea's text stays out of it.
        db.Record(partnershipId, userId, Now, nameof(WorkshopIdea), idea.Id, IdeasHidden(item) ? "AddedPrivately" : "Added", null,
            IdeasHidden(item) ? item.Title : AuditTrail.Join(item.Title, idea.Text));
        await db.SaveChangesAsync(cancellationToken);
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        await PublishIdeasAsync(db, userId, partnershipId, loaded.Value!, people, cancellationToken);
        return ToView(idea, people, []);
    }

    /// <summary>
    /// Removes an idea: its author (a contributor) or a facilitator. Its dots go back to their voters in the
    /// same save: each voter's ballot is updated against its version, so a dot placed on the idea at the same
    /// moment either lands first and is given back, or finds the idea gone.
    /// </summary>
    public async Task<Result> RemoveIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid ideaId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var idea = await db.WorkshopIdeas.FirstOrDefaultAsync(i => i.Id == ideaId && i.WorkshopId == workshopId && i.RemovedUtc == null, cancellationToken);
            var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
            var workshop = idea is null || role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
            var item = workshop is null ? null : await db.WorkshopItems.AsNoTracking().FirstAsync(i => i.Id == idea!.ItemId, cancellationToken);
            // Another person's private idea is not even known to exist.
            if (workshop is null || item is null || (IdeasHidden(item) && idea!.AuthorUserId != userId))
            {
                return ServiceError.NotFound;
            }

            if (!(role == PartnershipRole.Facilitator || (role == PartnershipRole.Contributor && idea!.AuthorUserId == userId)))
            {
                return ServiceError.Forbidden("Only the author of an idea or a facilitator can remove it.");
            }

            if (workshop.State == WorkshopState.Ended)
            {
                return ServiceError.Conflict("This workshop has ended.");
            }

            idea!.RemovedUtc = Now;
            db.Record(partnershipId, userId, Now, nameof(WorkshopIdea), idea.Id, "Removed", AuditTrail.Join(item.Title, IdeasHidden(item) ? null : idea.Text), null);
            var dots = await db.WorkshopVotes.Where(v => v.IdeaId == ideaId).ToListAsync(cancellationToken);
            var voters = dots.Select(v => v.UserId).Distinct().ToList();
            foreach (var ballot in await db.WorkshopBallots.Where(b => b.TargetId == item.Id && voters.Contains(b.UserId)).ToListAsync(cancellationToken))
            {
                ballot.Used = Math.Max(0, ballot.Used - dots.Count(v => v.UserId == ballot.UserId));
                db.Entry(ballot).State = EntityState.Modified;
            }

            db.WorkshopVotes.RemoveRange(dots);
            if (!await TrySaveAsync(db, attempt, cancellationToken))
            {
                continue;
            }

            await PublishIdeasAsync(db, userId, partnershipId, item, await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken), cancellationToken);
            if (dots.Count > 0)
            {
                await PublishVotesAsync(userId, partnershipId, workshopId, item.Id, item.VotesAnonymous, isPoll: false, cancellationToken);
            }

            return Result.Ok();
        }
    }

    /// <summary>Shows every participant's ideas on an item that was in private mode.</summary>
    public Task<Result<WorkshopRunView>> RevealIdeasAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, CancellationToken cancellationToken = default) =>
        ItemChangeAsync(userId, partnershipId, workshopId, itemId, "reveal ideas", (db, item) =>
        {
            if (item.IdeasRevealedUtc is null)
            {
                db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "IdeasRevealed", null, item.Title);
            }

            item.IdeasRevealedUtc ??= Now;
            return Result.Ok();
        }, publishIdeas: true, cancellationToken);

    /// <summary>Switches private mode for an item's ideas; switching it off shows everything, like a reveal.</summary>
    public Task<Result<WorkshopRunView>> SetIdeasPrivateAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, bool isPrivate, CancellationToken cancellationToken = default) =>
        ItemChangeAsync(userId, partnershipId, workshopId, itemId, "change private mode", (db, item) =>
        {
            if (isPrivate && item.IdeasRevealedUtc is not null)
            {
                return ServiceError.Conflict("These ideas have already been revealed to everyone.");
            }

            db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, nameof(WorkshopItem.IdeasPrivate),
                AuditTrail.Join(item.Title, item.IdeasPrivate.ToString()), AuditTrail.Join(item.Title, isPrivate.ToString()));
            item.IdeasPrivate = isPrivate;
            return Result.Ok();
        }, publishIdeas: true, cancellationToken);

    /// <summary>Puts an idea into a named group (empty to ungroup). Only ideas everyone can see are grouped.</summary>
    public async Task<Result> GroupIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid ideaId, string? group, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, "group ideas", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var idea = await db.WorkshopIdeas.FirstOrDefaultAsync(i => i.Id == ideaId && i.WorkshopId == workshopId && i.RemovedUtc == null, cancellationToken);
        var item = idea is null ? null : await db.WorkshopItems.AsNoTracking().FirstAsync(i => i.Id == idea.ItemId, cancellationToken);
        if (item is null || (IdeasHidden(item) && idea!.AuthorUserId != userId))
        {
            return ServiceError.NotFound;
        }

        var rules = new InputRules().MaxLength("Group", "Group", group, WorkshopIdea.GroupMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var grouped = string.IsNullOrWhiteSpace(group) ? null : InputRules.Stored(group);
        var text = IdeasHidden(item) ? "" : idea!.Text;
        db.Record(partnershipId, userId, Now, nameof(WorkshopIdea), idea!.Id, nameof(WorkshopIdea.Group),
            AuditTrail.Join(text, string.IsNullOrEmpty(idea.Group) ? null : idea.Group), AuditTrail.Join(text, grouped));
        idea.Group = InputRules.Stored(group);
        await db.SaveChangesAsync(cancellationToken);
        await PublishIdeasAsync(db, userId, partnershipId, item, await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken), cancellationToken);
        return Result.Ok();
    }

    /// <summary>Opens a dot vote on an item's ideas with a number of dots per person.</summary>
    public Task<Result<WorkshopRunView>> OpenDotVoteAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, int votesPerPerson, bool anonymous, CancellationToken cancellationToken = default) =>
        ItemChangeAsync(userId, partnershipId, workshopId, itemId, "run votes", (db, item) =>
        {
            if (votesPerPerson is < 1 or > WorkshopItem.MaxVotesPerPerson)
            {
                return ServiceError.Invalid("VotesPerPerson", $"Give each person between 1 and {WorkshopItem.MaxVotesPerPerson} dots.");
            }

            if (item.VotingState != VotingState.NotStarted && item.VotesAnonymous != anonymous)
            {
                return ServiceError.Invalid("Anonymous", "Votes have already been cast: the vote stays " + (item.VotesAnonymous ? "anonymous." : "named."));
            }

            if (item.VotingState != VotingState.NotStarted && votesPerPerson < item.VotesPerPerson)
            {
                return ServiceError.Invalid("VotesPerPerson", $"Votes have already been cast: give at least {item.VotesPerPerson} dots.");
            }

            if (item.VotingState != VotingState.Open)
            {
                db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "VoteOpened", null, item.Title);
            }

            item.VotesPerPerson = votesPerPerson;
            item.VotesAnonymous = anonymous;
            item.VotingState = VotingState.Open;
            return Result.Ok();
        }, publishIdeas: false, cancellationToken);

    /// <summary>Closes a dot vote; the record says how many people voted, which everyone may see, and never who.</summary>
    public Task<Result<WorkshopRunView>> CloseDotVoteAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, partnershipId, workshopId, "run votes", allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            var item = await db.WorkshopItems.FirstOrDefaultAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken);
            if (item is null)
            {
                return ServiceError.NotFound;
            }

            if (item.VotingState == VotingState.NotStarted)
            {
                return ServiceError.Conflict("There is no vote on this item.");
            }

            if (item.VotingState == VotingState.Open)
            {
                var voters = await LiveVotes(db).Where(v => v.BallotTargetId == item.Id).Select(v => v.UserId).Distinct().CountAsync(cancellationToken);
                db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "VoteClosed", null, AuditTrail.Join(item.Title, voters.ToString(CultureInfo.InvariantCulture)));
            }

            item.VotingState = VotingState.Closed;
            return Result.Ok();
        }, cancellationToken);

    public async Task<Result<WorkshopRunView>> RevealDotVotesAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, CancellationToken cancellationToken = default)
    {
        var result = await ItemChangeAsync(userId, partnershipId, workshopId, itemId, "reveal votes", (db, item) =>
        {
            if (item.VotingState == VotingState.NotStarted)
            {
                return ServiceError.Conflict("There is no vote on this item.");
            }

            if (!item.VotesRevealed)
            {
                db.Record(partnershipId, userId, Now, nameof(WorkshopItem), item.Id, "VotesRevealed", null, item.Title);
            }

            item.VotesRevealed = true;
            return Result.Ok();
        }, publishIdeas: false, cancellationToken);
        if (result.Succeeded)
        {
            await PublishVotesAsync(userId, partnershipId, workshopId, itemId, anonymous: result.Value!.Items.First(i => i.Id == itemId).VotesAnonymous, isPoll: false, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Places (or takes back) one of the caller's dots on an idea. The budget is held by the caller's
    /// ballot row: every dot changes its version, so a second tab saving at the same moment finds a newer
    /// version, re-reads the ballot and is refused when the dots are spent.
    /// </summary>
    public async Task<Result<int>> DotVoteAsync(string userId, Guid partnershipId, Guid workshopId, Guid ideaId, bool add, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var idea = await db.WorkshopIdeas.AsNoTracking().FirstOrDefaultAsync(i => i.Id == ideaId && i.WorkshopId == workshopId && i.RemovedUtc == null, cancellationToken);
            var loaded = idea is null
                ? ServiceError.NotFound
                : await LoadLiveItemAsync(db, userId, partnershipId, workshopId, idea.ItemId, PartnershipRole.Contributor, "vote", cancellationToken);
            if (!loaded.Succeeded)
            {
                return loaded.Error!;
            }

            var item = loaded.Value!;
            if (IdeasHidden(item))
            {
                return idea!.AuthorUserId == userId ? ServiceError.Conflict("Votes open once the ideas are revealed.") : ServiceError.NotFound;
            }

            if (item.VotingState != VotingState.Open)
            {
                return ServiceError.Conflict(item.VotingState == VotingState.Closed ? "Voting on this item has closed." : "Voting on this item has not opened yet.");
            }

            // The budget counts the caller's dots on ideas that are still there, whatever the ballot says: a dot
            // left on an idea removed at the same moment as it was placed is given back here.
            var ballot = await db.WorkshopBallots.FirstOrDefaultAsync(b => b.TargetId == item.Id && b.UserId == userId, cancellationToken);
            var used = await LiveVotes(db).CountAsync(v => v.BallotTargetId == item.Id && v.UserId == userId, cancellationToken);
            if (add && used >= item.VotesPerPerson)
            {
                return ServiceError.Conflict($"You have used all {item.VotesPerPerson} of your dots. Take one back to move it.");
            }

            if (ballot is null)
            {
                ballot = new WorkshopBallot { Id = Guid.NewGuid(), WorkshopId = workshopId, TargetId = item.Id, UserId = userId };
                db.WorkshopBallots.Add(ballot);
            }
            else
            {
                // Even when the count it holds stays the same, the version must move to order two tabs.
                db.Entry(ballot).State = EntityState.Modified;
            }

            if (add)
            {
                db.WorkshopVotes.Add(new WorkshopVote
                {
                    Id = Guid.NewGuid(),
                    WorkshopId = workshopId,
                    BallotTargetId = item.Id,
                    IdeaId = ideaId,
                    UserId = userId,
                    OrganisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken),
                    CreatedUtc = Now,
                });
                ballot.Used = used + 1;
            }
            else
            {
                var mine = await db.WorkshopVotes.Where(v => v.BallotTargetId == item.Id && v.IdeaId == ideaId && v.UserId == userId)
                    .OrderByDescending(v => v.CreatedUtc).FirstOrDefaultAsync(cancellationToken);
                if (mine is null)
                {
                    return ServiceError.Conflict("You have no dot on this idea.");
                }

                db.WorkshopVotes.Remove(mine);
                ballot.Used = Math.Max(0, used - 1);
            }

            // A named vote says who voted for what; an anonymous one leaves no record per dot, only its count at the close.
            if (!item.VotesAnonymous)
            {
                db.Record(partnershipId, userId, Now, nameof(WorkshopVote), item.Id, add ? "Dot" : "DotTakenBack", null, AuditTrail.Join(item.Title, idea!.Text));
            }

            if (!await TrySaveAsync(db, attempt, cancellationToken))
            {
                continue;
            }

            await PublishVotesAsync(userId, partnershipId, workshopId, item.Id, item.VotesAnonymous, isPoll: false, cancellationToken);
            return await db.WorkshopVotes.CountAsync(v => v.BallotTargetId == item.Id && v.IdeaId == ideaId && v.UserId == userId, cancellationToken);
        }
    }

    public async Task<Result<PollView>> CreatePollAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, PollInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, "create polls", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        if (loaded.Value!.State == WorkshopState.Ended)
        {
            return ServiceError.Conflict("This workshop has ended.");
        }

        if (!await db.WorkshopItems.AnyAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken))
        {
            return ServiceError.NotFound;
        }

        var options = input.Options.Select(InputRules.Stored).Where(o => o.Length > 0).ToList();
        var rules = new InputRules()
            .Required(nameof(PollInput.Question), "Question", input.Question, WorkshopPoll.QuestionMaxLength)
            .Check(options.Count >= 2, nameof(PollInput.Options), "Give at least two options.")
            .Check(options.Count <= WorkshopPoll.MaxOptions, nameof(PollInput.Options), $"Give at most {WorkshopPoll.MaxOptions} options.")
            .Check(options.All(o => o.Length <= WorkshopPoll.OptionMaxLength), nameof(PollInput.Options), $"Each option must be {WorkshopPoll.OptionMaxLength} characters or fewer.")
            .Check(options.Distinct(StringComparer.CurrentCultureIgnoreCase).Count() == options.Count, nameof(PollInput.Options), "Each option must be different.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var poll = new WorkshopPoll
        {
            Id = Guid.NewGuid(),
            WorkshopId = workshopId,
            ItemId = itemId,
            Question = InputRules.Stored(input.Question),
            MultipleChoice = input.MultipleChoice,
            Anonymous = input.Anonymous,
            State = loaded.Value.State == WorkshopState.Live ? VotingState.Open : VotingState.NotStarted,
            CreatedUtc = Now,
        };
        db.WorkshopPolls.Add(poll);
        for (var i = 0; i < options.Count; i++)
        {
            db.WorkshopPollOptions.Add(new WorkshopPollOption { Id = Guid.NewGuid(), PollId = poll.Id, Position = i, Text = options[i] });
        }

        db.Record(partnershipId, userId, Now, nameof(WorkshopPoll), poll.Id, "Created", null, poll.Question);
        await db.SaveChangesAsync(cancellationToken);
        return await PublishPollAsync(db, userId, partnershipId, workshopId, poll.Id, cancellationToken);
    }

    /// <summary>Opens, closes or reveals a poll.</summary>
    public async Task<Result<PollView>> SetPollAsync(string userId, Guid partnershipId, Guid workshopId, Guid pollId, VotingState? state, bool reveal, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, "run polls", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var poll = await db.WorkshopPolls.FirstOrDefaultAsync(p => p.Id == pollId && p.WorkshopId == workshopId, cancellationToken);
        if (poll is null)
        {
            return ServiceError.NotFound;
        }

        if (state == VotingState.Open && loaded.Value!.State != WorkshopState.Live)
        {
            return ServiceError.Conflict("Polls open while the workshop is running.");
        }

        if (state is { } next && next != poll.State && next != VotingState.NotStarted)
        {
            var voters = next == VotingState.Closed
                ? await LiveVotes(db).Where(v => v.BallotTargetId == poll.Id).Select(v => v.UserId).Distinct().CountAsync(cancellationToken)
                : 0;
            db.Record(partnershipId, userId, Now, nameof(WorkshopPoll), poll.Id, next == VotingState.Open ? "Opened" : "Closed", null,
                next == VotingState.Open ? poll.Question : AuditTrail.Join(poll.Question, voters.ToString(CultureInfo.InvariantCulture)));
        }

        if (reveal && !poll.ResultsRevealed)
        {
            db.Record(partnershipId, userId, Now, nameof(WorkshopPoll), poll.Id, "Revealed", null, poll.Question);
        }

        poll.State = state ?? poll.State;
        poll.ResultsRevealed |= reveal;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceError.Conflict("Someone else changed this poll at the same moment. Look at it again and retry.");
        }

        return await PublishPollAsync(db, userId, partnershipId, workshopId, poll.Id, cancellationToken);
    }

    /// <summary>Records the caller's choice(s) in a poll, replacing earlier ones; no choices withdraws the vote.</summary>
    public async Task<Result<IReadOnlyList<Guid>>> VotePollAsync(string userId, Guid partnershipId, Guid workshopId, Guid pollId, IReadOnlyCollection<Guid> optionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(optionIds);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Contributor, "vote", cancellationToken);
            if (!loaded.Succeeded)
            {
                return loaded.Error!;
            }

            var poll = await db.WorkshopPolls.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pollId && p.WorkshopId == workshopId, cancellationToken);
            if (poll is null)
            {
                return ServiceError.NotFound;
            }

            if (loaded.Value!.State != WorkshopState.Live || poll.State != VotingState.Open)
            {
                return ServiceError.Conflict(poll.State == VotingState.Closed || loaded.Value.State == WorkshopState.Ended ? "This poll has closed." : "This poll has not opened yet.");
            }

            var chosen = optionIds.Distinct().ToList();
            var texts = await db.WorkshopPollOptions.Where(o => o.PollId == pollId && chosen.Contains(o.Id)).OrderBy(o => o.Position).Select(o => o.Text).ToListAsync(cancellationToken);
            if (texts.Count != chosen.Count)
            {
                return ServiceError.Invalid("Options", "Choose from this poll's options.");
            }

            if (!poll.MultipleChoice && chosen.Count > 1)
            {
                return ServiceError.Invalid("Options", "Choose one option.");
            }

            var ballot = await db.WorkshopBallots.FirstOrDefaultAsync(b => b.TargetId == pollId && b.UserId == userId, cancellationToken);
            if (ballot is null)
            {
                ballot = new WorkshopBallot { Id = Guid.NewGuid(), WorkshopId = workshopId, TargetId = pollId, UserId = userId };
                db.WorkshopBallots.Add(ballot);
            }
            else
            {
                // A changed choice keeps the count the same: the version must still move to order two tabs.
                db.Entry(ballot).State = EntityState.Modified;
            }

            db.WorkshopVotes.RemoveRange(await db.WorkshopVotes.Where(v => v.BallotTargetId == pollId && v.UserId == userId).ToListAsync(cancellationToken));
            var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
            foreach (var option in chosen)
            {
                db.WorkshopVotes.Add(new WorkshopVote
                {
                    Id = Guid.NewGuid(),
                    WorkshopId = workshopId,
                    BallotTargetId = pollId,
                    OptionId = option,
                    UserId = userId,
                    OrganisationId = organisationId,
                    CreatedUtc = Now,
                });
            }

            ballot.Used = chosen.Count;
            if (!poll.Anonymous)
            {
                db.Record(partnershipId, userId, Now, nameof(WorkshopVote), pollId, chosen.Count == 0 ? "PollWithdrawn" : "PollChoice", null,
                    AuditTrail.Join(poll.Question, string.Join(", ", texts)));
            }

            if (!await TrySaveAsync(db, attempt, cancellationToken))
            {
                continue;
            }

            await PublishVotesAsync(userId, partnershipId, workshopId, pollId, poll.Anonymous, isPoll: true, cancellationToken);
            return chosen;
        }
    }

    /// <summary>Saves a ballot change; false when another save of the same ballot won and the caller should re-read and retry.</summary>
    private static async Task<bool> TrySaveAsync(WorkspaceDbContext db, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (attempt < SaveAttempts)
        {
            // A concurrency conflict on the ballot's version, or a second ballot for the same person.
            await Task.Delay(Random.Shared.Next(5, 25) * (attempt + 1), cancellationToken);
            return false;
        }
    }

    private async Task<Result<WorkshopRunView>> ItemChangeAsync(
        string userId, Guid partnershipId, Guid workshopId, Guid itemId, string action, Func<WorkspaceDbContext, WorkshopItem, Result> change, bool publishIdeas, CancellationToken cancellationToken)
    {
        WorkshopItem? changed = null;
        var result = await ChangeAsync(userId, partnershipId, workshopId, action, allowPlanned: true, allowEnded: false, async (db, workshop) =>
        {
            changed = await db.WorkshopItems.FirstOrDefaultAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken);
            return changed is null ? ServiceError.NotFound : change(db, changed);
        }, cancellationToken);
        if (result.Succeeded && publishIdeas)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await PublishIdeasAsync(db, userId, partnershipId, changed!, await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken), cancellationToken);
        }

        return result;
    }

    private static async Task<Result<WorkshopItem>> LoadLiveItemAsync(
        WorkspaceDbContext db, string userId, Guid partnershipId, Guid workshopId, Guid itemId, PartnershipRole required, string action, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, required, action, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var item = await db.WorkshopItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.WorkshopId == workshopId, cancellationToken);
        if (item is null)
        {
            return ServiceError.NotFound;
        }

        return loaded.Value!.State switch
        {
            WorkshopState.Planned => ServiceError.Conflict("The workshop has not started yet."),
            WorkshopState.Ended => ServiceError.Conflict("This workshop has ended."),
            _ => item,
        };
    }

    /// <summary>Publishes an item's ideas: all of them when everyone may see them, otherwise only how many are private.</summary>
    private async Task PublishIdeasAsync(WorkspaceDbContext db, string userId, Guid partnershipId, WorkshopItem item, WorkshopPeople people, CancellationToken cancellationToken)
    {
        WorkshopItem fresh;
        List<WorkshopIdea> ideas;
        long revision;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            revision = await NextRevisionAsync(db, item.Id, cancellationToken);
            fresh = await db.WorkshopItems.AsNoTracking().FirstAsync(i => i.Id == item.Id, cancellationToken);
            ideas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.ItemId == item.Id && i.RemovedUtc == null).OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var hidden = IdeasHidden(fresh);
        var kinds = hidden ? [] : await EntryKindsAsync(db, ideas, cancellationToken);
        await events.PublishAsync(
            new IdeasChanged(partnershipId, userId, item.WorkshopId, item.Id, hidden ? [] : [.. ideas.Select(i => ToView(i, people, kinds))], hidden ? ideas.Count : 0, revision),
            cancellationToken);
    }

    /// <summary>
    /// Publishes a dot vote's or a poll's counts once they are revealed. Before that, only facilitators may see
    /// them, and every circuit gets the event: it then carries no counts, no names and no actor (who voted when
    /// is part of how), and facilitators' pages read the counts through <see cref="VoteCountsAsync"/>.
    /// </summary>
    private async Task PublishVotesAsync(string userId, Guid partnershipId, Guid workshopId, Guid targetId, bool anonymous, bool isPoll, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var itemId = isPoll ? await db.WorkshopPolls.Where(p => p.Id == targetId).Select(p => p.ItemId).FirstAsync(cancellationToken) : targetId;
        List<WorkshopVote> votes;
        bool revealed;
        long revision;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            revision = await NextRevisionAsync(db, itemId, cancellationToken);
            votes = await LiveVotes(db).AsNoTracking().Where(v => v.BallotTargetId == targetId).ToListAsync(cancellationToken);
            revealed = await RevealedAsync(db, targetId, isPoll, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var voterCount = votes.Select(v => v.UserId).Distinct().Count();
        if (!revealed)
        {
            await events.PublishAsync(new VotesChanged(partnershipId, null, workshopId, targetId, null, voterCount, revision), cancellationToken);
            return;
        }

        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        var counts = isPoll ? Counts(votes, v => v.OptionId, anonymous, people) : Counts(votes, v => v.IdeaId, anonymous, people);
        await events.PublishAsync(
            new VotesChanged(partnershipId, anonymous ? null : userId, workshopId, targetId, counts, voterCount, revision),
            cancellationToken);
    }

    /// <summary>
    /// The counts of a dot vote (target: the agenda item) or a poll, for someone who may see them now: a
    /// facilitator, or any member once they are revealed. A facilitator's page reads them when
    /// <see cref="VotesChanged"/> or <see cref="PollSaved"/> arrives without them.
    /// </summary>
    public async Task<Result<VoteTally>> VoteCountsAsync(string? userId, Guid partnershipId, Guid workshopId, Guid targetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        var item = workshop is null ? null : await db.WorkshopItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == targetId && i.WorkshopId == workshopId, cancellationToken);
        var poll = workshop is null || item is not null ? null : await db.WorkshopPolls.AsNoTracking().FirstOrDefaultAsync(p => p.Id == targetId && p.WorkshopId == workshopId, cancellationToken);
        if (item is null && poll is null)
        {
            return ServiceError.NotFound;
        }

        if (role != PartnershipRole.Facilitator && !(item?.VotesRevealed ?? poll!.ResultsRevealed))
        {
            return ServiceError.Forbidden("The counts are shown to everyone once the facilitator reveals them.");
        }

        var votes = await LiveVotes(db).AsNoTracking().Where(v => v.BallotTargetId == targetId).ToListAsync(cancellationToken);
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        var counts = item is not null ? Counts(votes, v => v.IdeaId, item.VotesAnonymous, people) : Counts(votes, v => v.OptionId, poll!.Anonymous, people);
        return new VoteTally(targetId, counts, votes.Select(v => v.UserId).Distinct().Count());
    }

    private static Task<bool> RevealedAsync(WorkspaceDbContext db, Guid targetId, bool isPoll, CancellationToken cancellationToken) => isPoll
        ? db.WorkshopPolls.Where(p => p.Id == targetId).Select(p => p.ResultsRevealed).FirstAsync(cancellationToken)
        : db.WorkshopItems.Where(i => i.Id == targetId).Select(i => i.VotesRevealed).FirstAsync(cancellationToken);

    /// <summary>
    /// Moves the item's revision on, inside the caller's transaction, and returns it. Whoever moves it
    /// next waits for this transaction to end, so the snapshot read next in this transaction holds every
    /// change committed before it: a later revision is never an older picture, whatever order the events
    /// reach the pages in.
    /// </summary>
    private static async Task<long> NextRevisionAsync(WorkspaceDbContext db, Guid itemId, CancellationToken cancellationToken)
    {
        await db.WorkshopItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(set => set.SetProperty(i => i.Revision, i => i.Revision + 1), cancellationToken);
        return await db.WorkshopItems.Where(i => i.Id == itemId).Select(i => i.Revision).FirstAsync(cancellationToken);
    }

    private async Task<Result<PollView>> PublishPollAsync(WorkspaceDbContext db, string userId, Guid partnershipId, Guid workshopId, Guid pollId, CancellationToken cancellationToken)
    {
        var itemId = await db.WorkshopPolls.Where(p => p.Id == pollId).Select(p => p.ItemId).FirstAsync(cancellationToken);
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        PollView view;
        long revision;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            revision = await NextRevisionAsync(db, itemId, cancellationToken);
            var votes = await LiveVotes(db).AsNoTracking().Where(v => v.BallotTargetId == pollId).ToListAsync(cancellationToken);
            view = (await PollViewsAsync(db, workshopId, pollId, votes, people, includeCounts: true, cancellationToken))[0];
            await transaction.CommitAsync(cancellationToken);
        }

        // The caller is a facilitator and gets the counts; every circuit gets them once they are revealed.
        var published = view.ResultsRevealed ? view : view with { Counts = [] };
        await events.PublishAsync(new PollSaved(partnershipId, userId, workshopId, published, revision), cancellationToken);
        return view;
    }

    private static async Task<IReadOnlyList<PollView>> PollViewsAsync(
        WorkspaceDbContext db, Guid workshopId, Guid? pollId, List<WorkshopVote> votes, WorkshopPeople people, bool includeCounts, CancellationToken cancellationToken)
    {
        var polls = await db.WorkshopPolls.AsNoTracking().Where(p => p.WorkshopId == workshopId && (pollId == null || p.Id == pollId))
            .OrderBy(p => p.CreatedUtc).ToListAsync(cancellationToken);
        var ids = polls.Select(p => p.Id).ToList();
        var options = await db.WorkshopPollOptions.AsNoTracking().Where(o => ids.Contains(o.PollId)).OrderBy(o => o.Position).ToListAsync(cancellationToken);
        return [.. polls.Select(p =>
        {
            var pollVotes = votes.Where(v => v.BallotTargetId == p.Id).ToList();
            return new PollView(
                p.Id, p.ItemId, p.Question, p.MultipleChoice, p.Anonymous, p.State, p.ResultsRevealed,
                [.. options.Where(o => o.PollId == p.Id).Select(o => new PollOptionView(o.Id, o.Text))],
                includeCounts || p.ResultsRevealed ? Counts(pollVotes, v => v.OptionId, p.Anonymous, people) : [],
                pollVotes.Select(v => v.UserId).Distinct().Count());
        })];
    }

    /// <summary>
    /// Poll votes and dots on ideas that are still there. Removing an idea deletes its dots, but a dot placed
    /// at that very moment can outlive it: it counts nowhere, neither in a budget nor in a count.
    /// </summary>
    private static IQueryable<WorkshopVote> LiveVotes(WorkspaceDbContext db) =>
        db.WorkshopVotes.Where(v => v.IdeaId == null || db.WorkshopIdeas.Any(i => i.Id == v.IdeaId && i.RemovedUtc == null));

    private static List<VoteCount> Counts(IEnumerable<WorkshopVote> votes, Func<WorkshopVote, Guid?> key, bool anonymous, WorkshopPeople people) =>
        [.. votes.Where(v => key(v) is not null).GroupBy(v => key(v)!.Value).Select(g => new VoteCount(
            g.Key, g.Count(), anonymous ? null : [.. g.Select(v => people.Ref(v.UserId, v.OrganisationId).Name).Distinct().Order(StringComparer.CurrentCulture)]))];

    private static async Task<Dictionary<Guid, EntryKind>> EntryKindsAsync(WorkspaceDbContext db, List<WorkshopIdea> ideas, CancellationToken cancellationToken)
    {
        var ids = ideas.Select(i => i.LogEntryId).OfType<Guid>().ToList();
        return ids.Count == 0 ? [] : await db.LogEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Kind, cancellationToken);
    }

    private static IdeaView ToView(WorkshopIdea idea, WorkshopPeople people, Dictionary<Guid, EntryKind> kinds) =>
        new(idea.Id, idea.ItemId, idea.Text, idea.Group, people.Ref(idea.AuthorUserId, idea.AuthorOrganisationId), idea.CreatedUtc,
            idea.LogEntryId, idea.LogEntryId is { } id && kinds.TryGetValue(id, out var kind) ? kind : null);
}

/// <summary>Names and organisations of a partnership's people, read once per call.</summary>
internal sealed class WorkshopPeople(Dictionary<string, (string Name, Guid? OrganisationId)> users, Dictionary<Guid, Organisations.Organisation> organisations)
{
    public static async Task<WorkshopPeople> LoadAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Where(u => db.Memberships.Any(m => m.PartnershipId == partnershipId && m.UserId == u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.OrganisationId })
            .ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.OrganisationId), cancellationToken);
        return new WorkshopPeople(users, organisations);
    }

    public Organisations.Organisation? Organisation(Guid? id) => id is { } value ? organisations.GetValueOrDefault(value) : null;

    /// <summary>The organisation a member belongs to now, if any.</summary>
    public Guid? OrganisationOf(string? userId) => userId is not null && users.TryGetValue(userId, out var user) ? user.OrganisationId : null;

    public PersonRef Ref(string userId, Guid? organisationId = null)
    {
        var (name, current) = users.TryGetValue(userId, out var user) ? user : ("A former member", null);
        var organisation = Organisation(organisationId ?? current);
        return new PersonRef(userId, name, organisation?.Name, organisation?.Sector);
    }
}
