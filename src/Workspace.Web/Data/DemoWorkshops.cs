using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Workshops;

namespace Workspace.Web.Data;

/// <summary>
/// The demo partnership's workshops: one planned for next week, and one held two weeks ago with its
/// ideas, votes, a poll, a decision and an action captured into the log, and its minutes. Seeded only
/// when the partnership has no workshops.
/// </summary>
public static class DemoWorkshops
{
    private const string Ana = "facilitator@demo.local";
    private const string Ben = "contributor@demo.local";
    private const string Priya = "partner@demo.local";
    private const string Grace = "ngo@demo.local";
    private const string Tom = "observer@demo.local";
    private static readonly string[] PollOptions = ["Tuesday", "Thursday", "Friday"];

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail,
        DateTime nowUtc, CancellationToken ct)
    {
        if (await db.Workshops.AnyAsync(w => w.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var goals = await db.Goals.Where(g => g.PartnershipId == partnershipId).Select(g => new { g.Id, g.Title }).ToListAsync(ct);
        Guid? Goal(string start) => goals.FirstOrDefault(g => g.Title.StartsWith(start, StringComparison.Ordinal))?.Id;
        ApplicationUser Person(string email) => peopleByEmail[email];
        var today = nowUtc.Date;

        // Next week's planning session.
        var planned = new Workshop
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Title = "Spring priorities workshop",
            Description = "Bring your organisation's top two priorities for the spring, and any figures that support them.",
            Location = "Riverside City Council, committee room 3 (and online)",
            StartsUtc = today.AddDays(6).AddHours(9).AddMinutes(30),
            State = WorkshopState.Planned,
            CreatedByUserId = Person(Ana).Id,
            CreatedUtc = today.AddDays(-3).AddHours(11),
        };
        db.Workshops.Add(planned);
        AddItems(db, planned.Id,
            ("Welcome and check-in round", 10, null, false, ""),
            ("What changed since the autumn", 20, Goal("Cut proven reoffending"), false, "Each partner: one thing that went better, one that went worse."),
            ("Spring priorities", 30, null, true, "Private ideas first, so nobody anchors on the loudest voice; then we reveal and dot vote."),
            ("Next steps and owners", 15, null, false, ""));

        // The session two weeks ago, ended, with its outputs.
        var start = today.AddDays(-14).AddHours(13);
        var past = new Workshop
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Title = "Eastgate youth space design session",
            Description = "How the evening youth space at Eastgate should work for young people, families and neighbours.",
            Location = "Streetlight Trust, Eastgate hall",
            StartsUtc = start,
            State = WorkshopState.Ended,
            CreatedByUserId = Person(Ana).Id,
            CreatedUtc = start.AddDays(-10),
            StartedUtc = start.AddMinutes(2),
            EndedUtc = start.AddMinutes(74),
            FacilitatorUserId = Person(Ana).Id,
            TimerDurationSeconds = 900,
        };
        db.Workshops.Add(past);
        var items = AddItems(db, past.Id,
            ("Where we are", 10, Goal("Open evening youth spaces"), false, ""),
            ("What would make young people come", 25, Goal("Open evening youth spaces"), true, ""),
            ("Getting home safely", 20, Goal("Pilot the SafeRoute"), false, ""),
            ("Decisions and owners", 15, null, false, ""));
        var actual = new[] { 12, 29, 18, 13 };
        var at = past.StartedUtc.Value;
        for (var i = 0; i < items.Count; i++)
        {
            items[i].StartedUtc = at;
            items[i].ActualSeconds = actual[i] * 60;
            at = at.AddMinutes(actual[i]);
            items[i].EndedUtc = at;
        }

        var ideasItem = items[1];
        ideasItem.IdeasRevealedUtc = ideasItem.StartedUtc!.Value.AddMinutes(12);
        (ideasItem.VotesPerPerson, ideasItem.VotingState, ideasItem.VotesAnonymous, ideasItem.VotesRevealed) = (3, VotingState.Closed, true, true);
        var ideas = new List<WorkshopIdea>();
        WorkshopIdea Idea(WorkshopItem item, string author, string text, string group, int minute)
        {
            var idea = new WorkshopIdea
            {
                Id = Guid.NewGuid(),
                WorkshopId = past.Id,
                ItemId = item.Id,
                AuthorUserId = Person(author).Id,
                AuthorOrganisationId = Person(author).OrganisationId,
                Text = text,
                Group = group,
                CreatedUtc = item.StartedUtc!.Value.AddMinutes(minute),
            };
            db.WorkshopIdeas.Add(idea);
            ideas.Add(idea);
            return idea;
        }

        var music = Idea(ideasItem, Grace, "Music studio time, run by young people themselves", "Activities", 3);
        var food = Idea(ideasItem, Ben, "A hot meal on arrival", "Basics", 4);
        var wifi = Idea(ideasItem, Priya, "Free wifi and phone charging", "Basics", 5);
        Idea(ideasItem, Ana, "Open until 22:00 on Fridays", "Opening hours", 6);
        Idea(ideasItem, Grace, "No uniformed staff on the door", "Trust", 7);
        Idea(ideasItem, Ben, "A quiet room for homework", "Activities", 9);
        Idea(items[2], Priya, "Journey alerts for the last bus on route 12", "", 4);
        var walk = Idea(items[2], Grace, "Volunteer walk-home scheme on Fridays", "", 8);

        Dots(db, Person, past.Id, ideasItem.Id, (music, Grace, 2), (music, Ben, 1), (food, Priya, 1), (food, Ana, 2), (wifi, Priya, 2), (music, Ana, 1), (food, Ben, 2), (wifi, Grace, 1), (music, Tom, 0));

        var poll = new WorkshopPoll
        {
            Id = Guid.NewGuid(),
            WorkshopId = past.Id,
            ItemId = items[3].Id,
            Question = "Which evening should the space open first?",
            State = VotingState.Closed,
            ResultsRevealed = true,
            CreatedUtc = items[3].StartedUtc!.Value.AddMinutes(2),
        };
        db.WorkshopPolls.Add(poll);
        var options = PollOptions.Select((text, i) => new WorkshopPollOption { Id = Guid.NewGuid(), PollId = poll.Id, Position = i, Text = text }).ToList();
        db.WorkshopPollOptions.AddRange(options);
        foreach (var (email, option) in new[] { (Ana, 2), (Ben, 2), (Priya, 1), (Grace, 2) })
        {
            db.WorkshopVotes.Add(new WorkshopVote
            {
                Id = Guid.NewGuid(),
                WorkshopId = past.Id,
                BallotTargetId = poll.Id,
                OptionId = options[option].Id,
                UserId = Person(email).Id,
                OrganisationId = Person(email).OrganisationId,
                CreatedUtc = poll.CreatedUtc.AddMinutes(1),
            });
            db.WorkshopBallots.Add(new WorkshopBallot { Id = Guid.NewGuid(), WorkshopId = past.Id, TargetId = poll.Id, UserId = Person(email).Id, Used = 1 });
        }

        foreach (var email in new[] { Ana, Ben, Priya, Grace, Tom })
        {
            db.WorkshopAttendances.Add(new WorkshopAttendance { WorkshopId = past.Id, UserId = Person(email).Id, OrganisationId = Person(email).OrganisationId, FirstSeenUtc = past.StartedUtc.Value });
        }

        var decided = items[3].StartedUtc!.Value.AddMinutes(8);
        music.LogEntryId = Capture(db, partnershipId, past, Person(Ana), EntryKind.Decision, "Run music studio sessions led by young people at Eastgate", music, decided, goal: items[1].GoalId);
        walk.LogEntryId = Capture(db, partnershipId, past, Person(Ana), EntryKind.Action, "Recruit volunteers for a Friday walk-home scheme", walk, decided.AddMinutes(3),
            entry => (entry.AssigneeUserId, entry.DueDate, entry.ActionState) = (Person(Grace).Id, DateOnly.FromDateTime(today.AddDays(14)), ActionState.InProgress));
        await db.SaveChangesAsync(ct);

        var minutes = new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Kind = EntryKind.Note,
            Title = $"Minutes: {past.Title}",
            Body = await WorkshopOutputService.MinutesMarkdownAsync(db, partnershipId, past, ct),
            AuthorUserId = Person(Ana).Id,
            AuthorOrganisationId = Person(Ana).OrganisationId,
            SourceWorkshopId = past.Id,
            CreatedUtc = past.EndedUtc.Value,
            UpdatedUtc = past.EndedUtc.Value,
        };
        db.LogEntries.Add(minutes);
        past.MinutesEntryId = minutes.Id;
        db.Record(partnershipId, Person(Ana).Id, planned.CreatedUtc, nameof(Workshop), planned.Id, "Planned", null, planned.Title);
        db.Record(partnershipId, Person(Ana).Id, past.EndedUtc.Value, nameof(Workshop), past.Id, "State", nameof(WorkshopState.Live), nameof(WorkshopState.Ended));
        await db.SaveChangesAsync(ct);
    }

    private static List<WorkshopItem> AddItems(WorkspaceDbContext db, Guid workshopId, params (string Title, int Minutes, Guid? GoalId, bool Private, string Notes)[] items)
    {
        var added = items.Select((item, i) => new WorkshopItem
        {
            Id = Guid.NewGuid(),
            WorkshopId = workshopId,
            Position = i,
            Title = item.Title,
            TimeBoxMinutes = item.Minutes,
            GoalId = item.GoalId,
            IdeasPrivate = item.Private,
            Notes = item.Notes,
        }).ToList();
        db.WorkshopItems.AddRange(added);
        return added;
    }

    private static void Dots(WorkspaceDbContext db, Func<string, ApplicationUser> person, Guid workshopId, Guid itemId, params (WorkshopIdea Idea, string Email, int Count)[] dots)
    {
        foreach (var (idea, email, count) in dots)
        {
            for (var i = 0; i < count; i++)
            {
                db.WorkshopVotes.Add(new WorkshopVote
                {
                    Id = Guid.NewGuid(),
                    WorkshopId = workshopId,
                    BallotTargetId = itemId,
                    IdeaId = idea.Id,
                    UserId = person(email).Id,
                    OrganisationId = person(email).OrganisationId,
                    CreatedUtc = idea.CreatedUtc.AddMinutes(15),
                });
            }
        }

        foreach (var voter in dots.GroupBy(d => d.Email).Where(g => g.Sum(d => d.Count) > 0))
        {
            db.WorkshopBallots.Add(new WorkshopBallot { Id = Guid.NewGuid(), WorkshopId = workshopId, TargetId = itemId, UserId = person(voter.Key).Id, Used = voter.Sum(d => d.Count) });
        }
    }

    private static Guid Capture(WorkspaceDbContext db, Guid partnershipId, Workshop workshop, ApplicationUser by, EntryKind kind, string title, WorkshopIdea idea, DateTime at,
        Action<LogEntry>? configure = null, Guid? goal = null)
    {
        var entry = new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Kind = kind,
            Title = title,
            Body = $"From the workshop “{workshop.Title}”.\n\n> {idea.Text}",
            AuthorUserId = by.Id,
            AuthorOrganisationId = by.OrganisationId,
            GoalId = goal,
            SourceWorkshopId = workshop.Id,
            DecisionRule = kind == EntryKind.Decision ? DecisionRule.Consent : null,
            CreatedUtc = at,
            UpdatedUtc = at,
        };
        configure?.Invoke(entry);
        db.LogEntries.Add(entry);
        db.Record(partnershipId, by.Id, at, nameof(LogEntry), entry.Id, "Posted", null, $"{kind}: {title}");
        return entry.Id;
    }
}
