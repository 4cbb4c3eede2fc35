using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Workshops.WorkshopAccess;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// Dot votes and polls in a workshop: opening, voting within a budget, closing and revealing. Facilitators
/// run votes and see counts; everyone else sees them once revealed, and never who cast an anonymous vote.
/// </summary>
public sealed class VotingService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    private WorkshopChanges Changes => new(dbFactory, events, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Opens a dot vote on an item's ideas with a number of dots per person.</summary>
    public Task<Result<WorkshopRunView>> OpenDotVoteAsync(string userId, Guid partnershipId, Guid workshopId, Guid itemId, int votesPerPerson, bool anonymous, CancellationToken cancellationToken = default) =>
        Changes.ItemChangeAsync(userId, partnershipId, workshopId, itemId, "run votes", (db, item) =>
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
        Changes.ChangeAsync(userId, partnershipId, workshopId, "run votes", allowPlanned: true, allowEnded: false, async (db, workshop) =>
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
        var result = await Changes.ItemChangeAsync(userId, partnershipId, workshopId, itemId, "reveal votes", (db, item) =>
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
            await Changes.PublishVotesAsync(userId, partnershipId, workshopId, itemId, anonymous: result.Value!.Items.First(i => i.Id == itemId).VotesAnonymous, isPoll: false, cancellationToken);
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

            await Changes.PublishVotesAsync(userId, partnershipId, workshopId, item.Id, item.VotesAnonymous, isPoll: false, cancellationToken);
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

            await Changes.PublishVotesAsync(userId, partnershipId, workshopId, pollId, poll.Anonymous, isPoll: true, cancellationToken);
            return chosen;
        }
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
}
