using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>Ideas: adding, removing, grouping, private mode and reveals; what a viewer may see of a workshop.</summary>
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

    /// <summary>
    /// Everything the workshop page shows, in one read with one membership check: what the viewer may see
    /// of the workshop (as <see cref="GetAsync"/>), the members (names, organisations, who may be assigned
    /// an action) and the partnership's goals (for the agenda and the goal under discussion).
    /// </summary>
    public async Task<Result<WorkshopPageData>> GetPageAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        if (workshop is null)
        {
            return ServiceError.NotFound;
        }

        var detail = await DetailAsync(db, userId, role!.Value, workshop, forRoom: false, cancellationToken);
        var members = await Members.MemberQueries.ListAsync(db, partnershipId, cancellationToken);
        var goals = await Goals.GoalQueries.SummariesAsync(db, partnershipId, null, cancellationToken);
        return new WorkshopPageData(detail, members, [.. goals.OrderBy(g => g.Title, StringComparer.CurrentCultureIgnoreCase)]);
    }

    private async Task<Result<WorkshopDetail>> DetailAsync(string? userId, Guid partnershipId, Guid workshopId, bool forRoom, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        var workshop = role is null ? null : await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken);
        if (workshop is null)
        {
            return ServiceError.NotFound;
        }

        return await DetailAsync(db, userId, role!.Value, workshop, forRoom, cancellationToken);
    }

    private async Task<WorkshopDetail> DetailAsync(WorkspaceDbContext db, string? userId, PartnershipRole role, Workshop workshop, bool forRoom, CancellationToken cancellationToken)
    {
        var (partnershipId, workshopId) = (workshop.PartnershipId, workshop.Id);
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

        return new WorkshopDetail(run, role, [.. visible.Select(i => ToView(i, people, kinds))], hiddenCounts, dotCounts, myDots, polls, myChoices, revisions);
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
