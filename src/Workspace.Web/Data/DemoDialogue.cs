using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Dialogue;

namespace Workspace.Web.Data;

/// <summary>
/// Six months of the demo partnership's dialogue log: notes and questions with replies and mentions,
/// a closed decision with recorded dissent, an open consent round, actions and risks. Seeded only when
/// the partnership has no log entries; times are whole hours counted back from today, so every run
/// looks the same.
/// </summary>
public static class DemoDialogue
{
    private const string Ana = "facilitator@demo.local";
    private const string Ben = "contributor@demo.local";
    private const string Priya = "partner@demo.local";
    private const string Grace = "ngo@demo.local";
    private const string Tom = "observer@demo.local";

    /// <summary>Goals by a word of their title, as seeded by <see cref="DemoGoals"/>.</summary>
    private static readonly Dictionary<string, string> GoalTitles = new()
    {
        ["reoffending"] = "Cut proven reoffending",
        ["mentors"] = "Match every young person leaving custody",
        ["transition"] = "Keep 16–18 year olds",
        ["diversion"] = "Offer an out-of-court resolution pathway",
        ["app"] = "Pilot the SafeRoute journey-alert app",
        ["spaces"] = "Open evening youth spaces",
    };

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail,
        DateTime nowUtc, CancellationToken ct)
    {
        if (await db.LogEntries.AnyAsync(e => e.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var goals = await db.Goals.Where(g => g.PartnershipId == partnershipId).Select(g => new { g.Id, g.Title }).ToListAsync(ct);
        var today = nowUtc.Date;
        var history = new List<(DateTime At, string UserId, string Type, Guid EntityId, string Field, string? Old, string? New)>();

        ApplicationUser Person(string email) => peopleByEmail[email];
        DateTime At(int daysAgo, int hour) => today.AddDays(-daysAgo).AddHours(hour);
        Guid? Goal(string? key) => key is null ? null : goals.FirstOrDefault(g => g.Title.StartsWith(GoalTitles[key], StringComparison.Ordinal))?.Id;

        LogEntry Post(DateTime at, string author, EntryKind kind, string title, string body, string? goal = null, string[]? mentions = null, Action<LogEntry>? configure = null)
        {
            var entry = new LogEntry
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnershipId,
                Kind = kind,
                Title = title,
                Body = body.Trim(),
                AuthorUserId = Person(author).Id,
                AuthorOrganisationId = Person(author).OrganisationId,
                GoalId = Goal(goal),
                CreatedUtc = at,
                UpdatedUtc = at,
            };
            configure?.Invoke(entry);
            db.LogEntries.Add(entry);
            foreach (var mentioned in mentions ?? [])
            {
                db.LogMentions.Add(new LogMention { Id = Guid.NewGuid(), EntryId = entry.Id, UserId = Person(mentioned).Id, CreatedUtc = at });
            }

            history.Add((at, entry.AuthorUserId, nameof(LogEntry), entry.Id, "Posted", null, $"{kind}: {title}"));
            return entry;
        }

        void Reply(LogEntry entry, int hoursLater, string author, string body, params string[] mentions)
        {
            var at = entry.CreatedUtc.AddHours(hoursLater);
            var reply = new LogReply
            {
                Id = Guid.NewGuid(),
                EntryId = entry.Id,
                AuthorUserId = Person(author).Id,
                AuthorOrganisationId = Person(author).OrganisationId,
                Body = body,
                CreatedUtc = at,
            };
            db.LogReplies.Add(reply);
            foreach (var mentioned in mentions)
            {
                db.LogMentions.Add(new LogMention { Id = Guid.NewGuid(), EntryId = entry.Id, ReplyId = reply.Id, UserId = Person(mentioned).Id, CreatedUtc = at });
            }

            entry.UpdatedUtc = entry.UpdatedUtc > at ? entry.UpdatedUtc : at;
            history.Add((at, reply.AuthorUserId, nameof(LogReply), entry.Id, "Reply", null, body.Length > 200 ? body[..200] + "…" : body));
        }

        void TakePosition(LogEntry decision, int hoursLater, string who, Position position, string reason = "", Position? previous = null)
        {
            var at = decision.CreatedUtc.AddHours(hoursLater);
            var existing = db.DecisionPositions.Local.FirstOrDefault(p => p.EntryId == decision.Id && p.UserId == Person(who).Id);
            if (existing is null)
            {
                existing = new DecisionPosition { Id = Guid.NewGuid(), EntryId = decision.Id, UserId = Person(who).Id, OrganisationId = Person(who).OrganisationId };
                db.DecisionPositions.Add(existing);
            }

            (existing.Position, existing.Reason, existing.RecordedUtc) = (position, reason, at);
            history.Add((at, Person(who).Id, nameof(DecisionPosition), decision.Id, "Position", previous?.ToString(),
                reason.Length == 0 ? position.ToString() : $"{position}: {reason}"));
        }

        void React(LogEntry entry, string emoji, params string[] who)
        {
            foreach (var email in who)
            {
                db.LogReactions.Add(new LogReaction { Id = Guid.NewGuid(), EntryId = entry.Id, UserId = Person(email).Id, Emoji = emoji });
            }
        }

        void Complete(LogEntry action, DateTime at, string by, ActionState from = ActionState.Open)
        {
            action.ActionState = ActionState.Done;
            action.UpdatedUtc = at;
            history.Add((at, Person(by).Id, nameof(LogEntry), action.Id, nameof(LogEntry.ActionState), from.ToString(), nameof(ActionState.Done)));
        }

        LogEntry Act(DateTime at, string author, string title, string body, string assignee, int dueInDays, string? goal = null, ActionState state = ActionState.Open,
            Guid? sourceDecision = null) =>
            Post(at, author, EntryKind.Action, title, body, goal, configure: e =>
            {
                (e.AssigneeUserId, e.DueDate, e.ActionState, e.SourceDecisionId) = (Person(assignee).Id, DateOnly.FromDateTime(today.AddDays(dueInDays)), state, sourceDecision);
            });

        LogEntry Risk(DateTime at, string author, string title, string body, int likelihood, int impact, string mitigation, string owner, string? goal,
            RiskState state = RiskState.Open) =>
            Post(at, author, EntryKind.Risk, title, body, goal, configure: e =>
            {
                (e.Likelihood, e.Impact, e.Mitigation, e.RiskOwnerUserId, e.RiskState) = (likelihood, impact, mitigation, Person(owner).Id, state);
            });

        var minutes = Post(At(176, 10), Ana, EntryKind.Note, "Summary of the partnership board meeting",
            """
            Thank you all for coming. The main points:

            - The reoffending figures for the last cohort will be shared before the next board.
            - Streetlight Trust will start its winter mentor recruitment drive this month.
            - SafeRoute will bring usage figures from the first weeks of the app pilot.

            Full minutes are in the shared folder. Please send corrections by Friday.
            """);
        React(minutes, "thumbs-up", Ben, Grace);

        var handover = Post(At(168, 14), Ben, EntryKind.Question, "Can we share education records at handover under the current agreement?",
            """
            @Ana Costa, before the October handover meetings: does the data-sharing agreement we signed in the spring cover school and college records, or only offending history?
            I would rather not ask each young person to tell their story again at 18.
            """, "transition", [Ana]);
        Reply(handover, 3, Ana, "Yes: schedule 2 of the agreement covers education and training history, as long as the young person has been told at their review. I will send you the wording for the review letter.");
        Reply(handover, 20, Ben, "Thank you, that is what we needed. We will use it from the October meetings.");

        var recruitment = Post(At(160, 11), Grace, EntryKind.Note, "Mentor recruitment: eleven new volunteers in training",
            "Eleven volunteers started the six-week training course on Tuesday. Two are former service users, which young people tell us matters a great deal.",
            "mentors");
        React(recruitment, "celebrate", Ana, Ben, Priya);

        var publish = Post(At(152, 9), Ana, EntryKind.Decision, "Publish each partner's results in the quarterly public report",
            """
            Proposal: from the first quarter, the public report shows results by partner as well as for the partnership, so that residents can see who is doing what.
            Figures would be the same ones we already share with each other at the board.
            """, "reoffending", configure: e => (e.DecisionRule, e.DeadlineUtc) = (DecisionRule.Majority, At(145, 17)));
        TakePosition(publish, 2, Grace, Position.Agree);
        TakePosition(publish, 5, Ben, Position.Agree, "Probation already publishes its own figures, so this adds little risk for us.");
        TakePosition(publish, 26, Priya, Position.Objects,
            "Our app usage figures are commercially sensitive until the council's contract renewal in December. Publishing exact numbers now would put us at a disadvantage with competitors bidding for the same work.");
        TakePosition(publish, 28, Ana, Position.Agree);
        Reply(publish, 30, Ana, "Priya, thank you for setting that out. Would publishing usage as ranges until December meet your concern?", Priya);
        Reply(publish, 33, Priya, "Ranges would help. We still object to partner-level publication in principle, but we will not block it.");
        publish.ClosedUtc = At(145, 17);
        publish.ClosedByUserId = Person(Ana).Id;
        publish.Outcome = "Agreed by majority. From the first quarter, the public report shows results by partner. SafeRoute's app usage is published as ranges until the pilot evaluation in December. SafeRoute's objection is recorded.";
        publish.RuleAtClose = "Majority reached: 3 of 4 members agree (more than half).";
        publish.UpdatedUtc = publish.ClosedUtc.Value;
        history.Add((publish.ClosedUtc.Value, Person(Ana).Id, nameof(LogEntry), publish.Id, "Outcome", null, publish.Outcome));
        history.Add((publish.ClosedUtc.Value, Person(Ana).Id, nameof(LogEntry), publish.Id, "RuleAtClose", null, publish.RuleAtClose));

        var ranges = Act(At(145, 18), Ana, "Agree the usage ranges SafeRoute will publish",
            "Propose bands for monthly active users and alert numbers that are useful to residents without giving exact figures.",
            Priya, -130, "app", sourceDecision: publish.Id);
        Complete(ranges, At(133, 15), Priya);

        var firstMonth = Post(At(140, 16), Priya, EntryKind.Note, "Journey-alert app: first month on routes 12 and 31",
            "Around 600 young people used the app in its first month. Most alerts came between 22:00 and midnight, and the median time to a control-room response was 11 minutes, down from 14.",
            "app");
        Reply(firstMonth, 2, Grace, "Encouraging. Several young people at our Tuesday group have mentioned it without being asked.");
        React(firstMonth, "celebrate", Ana, Grace);

        Risk(At(132, 10), Grace, "Release dates from HMYOI Brookfield arrive at short notice",
            "Two releases in the summer came with less than 24 hours' notice, so no mentor could be matched in time.",
            4, 4, "The Youth Justice Unit to agree a notification protocol with Brookfield; mentors on standby for short-notice releases in the meantime.",
            Ana, "mentors");

        var octoberHandovers = Act(At(126, 9), Ben, "Hold joint handover meetings for all five October birthdays",
            "Each meeting with the young person, their youth justice worker and their new probation officer, before the 18th birthday.",
            Ben, -100, "transition");
        Complete(octoberHandovers, At(101, 16), Ben);

        var nightBus = Post(At(118, 11), Ana, EntryKind.Question, "Could the app cover the N4 night bus before Christmas?",
            "@Priya Shah, the council tells us the N4 carries more young people after midnight than routes 12 and 31 together. Could SafeRoute add it to the pilot before the Christmas holidays?",
            "app", [Priya]);
        Reply(nightBus, 4, Priya, "We can add the N4 from 1 December if the bus operator shares its live location feed. I have asked them and will report back.");
        Reply(nightBus, 50, Priya, "The operator has agreed. @Ana Costa, we will start on 1 December as planned.", Ana);
        React(nightBus, "thumbs-up", Ana, Ben);

        Risk(At(110, 14), Ben, "Council placement scheme paused while its funding is reviewed",
            "No new apprenticeship or placement places are being offered until the review ends. Young people turning 18 this winter may leave the youth justice service with nothing to go to.",
            5, 4, "Use SafeRoute's paid work-experience places for the most urgent cases; ask the council for a restart date.",
            Tom, "transition");

        var workshop = Post(At(102, 18), Grace, EntryKind.Note, "Youth spaces: first design workshop",
            "Thirty-four young people came to the first workshop at the Northfield hub. Their priorities: somewhere warm and well lit, open until 22:00, with staff they already know, and a safe way home afterwards.",
            "spaces");
        Reply(workshop, 15, Ben, "Useful. The safe way home point links neatly with the app pilot.");

        Risk(At(95, 10), Priya, "App unavailable where the mobile signal drops in the Eastgate underpass",
            "Alerts cannot be sent for about two minutes of the route 12 journey.",
            2, 3, "Offline alerts queue on the phone and send as soon as the signal returns; the operator is adding a repeater.",
            Priya, "app", RiskState.Mitigated);

        var brookfield = Act(At(90, 12), Ana, "Sign the release-notification agreement with HMYOI Brookfield",
            "At least ten working days' notice of confirmed release dates, sent to the secure referral mailbox.",
            Ana, -70, "mentors", ActionState.InProgress);
        Complete(brookfield, At(72, 11), Ana, ActionState.InProgress);

        var venue = Post(At(80, 15), Grace, EntryKind.Question, "Is there a council venue in Northfield for Tuesday evenings?",
            "Our mentoring group has outgrown the church hall. We need a room for about twenty people from 18:00 to 21:00.",
            "mentors");
        Reply(venue, 5, Ana, "@Tom Reid, could the Northfield community hub take this on Tuesdays?", Tom);
        Reply(venue, 26, Grace, "Tom has confirmed the hub by email. Thank you both.");

        Post(At(66, 10), Ben, EntryKind.Note, "Transition figures for the quarter",
            "44% of young people who moved to adult probation this quarter were in education, training or employment at their first appointment, against a target of 70%. The pause in the council placement scheme accounts for most of the gap.",
            "transition");

        Act(At(58, 9), Ana, "Ask the council for a date to restart the placement scheme",
            "Raise it at the community safety board and ask for a written date we can plan around.",
            Ana, -20, "transition", ActionState.InProgress);

        Act(At(50, 14), Priya, "Share anonymised alert response times with the university",
            "Monthly extract for the evaluation: time of alert, route and time to response, with no personal details.",
            Priya, -9, "app");

        Risk(At(44, 11), Grace, "Volunteer mentor numbers fall over the winter",
            "In previous years about a fifth of volunteers have paused between December and February.",
            3, 3, "Recruit a second cohort in January; ask probation colleagues to cover training sessions.",
            Grace, "mentors");

        var diversion = Post(At(37, 16), Ana, EntryKind.Note, "Out-of-court pathway goal achieved",
            "Six in ten eligible first-time cases are now resolved out of court, meeting our target ahead of schedule. Thank you to everyone who helped with the referral panel.",
            "diversion");
        React(diversion, "celebrate", Ben, Priya, Grace);
        React(diversion, "heart", Grace);

        Act(At(29, 10), Ben, "Train two more probation officers to co-deliver mentor training",
            "So that a session never has to be cancelled when one officer is away.",
            Ben, 14, "mentors");

        Risk(At(21, 13), Ana, "Evaluation data reaches the university too late for the year-two report",
            "The university needs the full reoffending cohort by the end of next quarter to finish the report on time.",
            2, 4, "Agree a data timetable with the university and send the cohort extract as soon as it is signed off.",
            Ana, "reoffending");

        var funding = Post(At(15, 11), Grace, EntryKind.Question, "Funding for the youth spaces after March",
            "Our current grant covers staff for the spaces until the end of March. Has anyone heard whether the council's community safety budget will continue next year?",
            "spaces");
        Reply(funding, 6, Ana, "The council expects to confirm budgets in February. I will ask Tom to bring an update to the next board.");

        var eastgate = Post(At(6, 10), Ana, EntryKind.Decision, "Run the youth-space pilot at the Eastgate community hub from January",
            """
            Proposal: the first youth space opens at the Eastgate community hub in January, on Tuesday and Thursday evenings from 18:00 to 22:00.
            Eastgate is in the ward with the most evening victimisation of young people, the hub is free to use, and route 12 stops outside.
            Please record your position by the deadline. Under consent, we go ahead unless someone objects.
            """, "spaces", configure: e => (e.DecisionRule, e.DeadlineUtc) = (DecisionRule.Consent, today.AddDays(7).AddHours(17)));
        TakePosition(eastgate, 3, Grace, Position.Agree);
        TakePosition(eastgate, 5, Ben, Position.Concerns,
            "Probation reporting takes place at Eastgate on Tuesday afternoons. Young people on licence may not want to be seen there in the evening.");
        Reply(eastgate, 22, Ana, "Good point, Ben. The council can move Tuesday reporting to the morning from January. Would that meet your concern?", Ben);
        TakePosition(eastgate, 48, Ben, Position.Agree, "Agreed, with Tuesday reporting moved to the morning.", Position.Concerns);
        TakePosition(eastgate, 70, Priya, Position.Concerns,
            "Route 12 stops at 22:40, so anyone leaving at 22:00 has one bus. We would like to test the app's alerts on that last journey before opening.");

        Act(At(4, 15), Grace, "Draft the safeguarding plan for the Eastgate youth space",
            "Covering staffing ratios, first aid, and how young people get home safely.",
            Grace, 10, "spaces");

        var october = Post(At(2, 9), Priya, EntryKind.Note, "Journey-alert app: monthly figures",
            "Monthly active users aged 13 to 19 are now in the 1,500 to 2,000 band. The median response time held at 9 minutes.",
            "app");
        Reply(october, 3, Grace, "Good to see. Do you know how many of the alerts came from the N4?");
        Reply(october, 5, Priya, "About a quarter. We will include a breakdown by route from next month.");

        Post(At(1, 16), Ben, EntryKind.Question, "Can the transition indicator go in the December board pack?",
            "@Ana Costa, the figures will be ready by the 10th. Is there room in the pack, or should I circulate them separately?",
            mentions: [Ana]);

        // The activity page lists changes in the order they were stored, so store them in time order.
        foreach (var h in history.OrderBy(h => h.At))
        {
            db.Record(partnershipId, h.UserId, h.At, h.Type, h.EntityId, h.Field, h.Old, h.New);
        }

        await db.SaveChangesAsync(ct);
    }
}
