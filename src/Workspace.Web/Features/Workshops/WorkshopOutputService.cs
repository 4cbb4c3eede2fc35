using System.Globalization;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Workshops.WorkshopAccess;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// What a workshop leaves behind: decisions and actions captured to the dialogue log, its minutes, the
/// equity view and a calendar file.
/// </summary>
public sealed class WorkshopOutputService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, LogService log)
{
    private WorkshopChanges Changes => new(dbFactory, events, clock);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Turns an idea into a decision or an action of the dialogue log, with the workshop as its source.</summary>
    public async Task<Result<LogEntryView>> CaptureIdeaAsync(string userId, Guid partnershipId, Guid workshopId, Guid ideaId, CaptureInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadIdeaAsync(db, userId, partnershipId, workshopId, ideaId, "record decisions and actions from ideas", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var (workshop, idea, item) = loaded.Value;

        if (input.Kind is not (EntryKind.Decision or EntryKind.Action))
        {
            return ServiceError.Invalid(nameof(CaptureInput.Kind), "Choose a decision or an action.");
        }

        if (idea!.LogEntryId is not null)
        {
            return ServiceError.Conflict("This idea is already in the log.");
        }

        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        var author = people.Ref(idea.AuthorUserId, idea.AuthorOrganisationId);
        var posted = await log.PostAsync(userId, partnershipId, new EntryInput
        {
            Kind = input.Kind,
            Title = string.IsNullOrWhiteSpace(input.Title) ? idea.Text : input.Title,
            Body = $"From the workshop “{workshop.Title}”, agenda item “{item.Title}”: an idea by {author.Name}"
                + (author.OrganisationName is null ? "" : $" ({author.OrganisationName})") + $".\n\n> {idea.Text}",
            GoalId = item.GoalId,
            DecisionRule = DecisionRule.Consent,
            AssigneeUserId = input.AssigneeUserId,
            DueDate = input.DueDate,
            ActionState = ActionState.Open,
            SourceWorkshopId = workshopId,
        }, cancellationToken);
        if (!posted.Succeeded)
        {
            return posted.Error!;
        }

        idea.LogEntryId = posted.Value!.Id;
        await db.SaveChangesAsync(cancellationToken);
        await Changes.PublishIdeasAsync(db, userId, partnershipId, item, people, cancellationToken);
        return posted;
    }

    /// <summary>The minutes' Markdown, once the workshop has ended.</summary>
    public async Task<Result<(WorkshopRunView Run, string Markdown)>> MinutesAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Observer, "read minutes", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var workshop = loaded.Value!;
        var body = workshop.MinutesEntryId is { } entryId
            ? await db.LogEntries.Where(e => e.Id == entryId && e.RemovedUtc == null).Select(e => e.Body).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (body is null)
        {
            return ServiceError.NotFound;
        }

        // The shared notes may be finished after the end: the page shows them as they are now.
        var notes = await db.WorkshopNotes.Where(n => n.WorkshopId == workshopId).Select(n => n.Text).FirstOrDefaultAsync(cancellationToken);
        return (await Changes.RunViewAsync(db, workshop, cancellationToken), WithSharedNotes(body, notes));
    }

    /// <summary>Ideas, votes and outputs so far by organisation, so the facilitator sees who dominates. Anonymous votes are only counted in total.</summary>
    public async Task<Result<EquityView>> EquityAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Facilitator, "see the equity view", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        var attendance = await db.WorkshopAttendances.AsNoTracking().Where(a => a.WorkshopId == workshopId).ToListAsync(cancellationToken);
        var ideas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.WorkshopId == workshopId && i.RemovedUtc == null)
            .Select(i => new { i.AuthorOrganisationId, i.LogEntryId }).ToListAsync(cancellationToken);
        var anonymousTargets = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId && i.VotesAnonymous).Select(i => i.Id)
            .Concat(db.WorkshopPolls.Where(p => p.WorkshopId == workshopId && p.Anonymous).Select(p => p.Id)).ToListAsync(cancellationToken);
        var votes = await LiveVotes(db).AsNoTracking().Where(v => v.WorkshopId == workshopId).Select(v => new { v.BallotTargetId, v.OrganisationId }).ToListAsync(cancellationToken);
        var named = votes.Where(v => !anonymousTargets.Contains(v.BallotTargetId)).ToList();

        // Edits to the partnership's record while the session runs (goals, indicators, check-ins, the log),
        // not the running of the workshop itself, counted for the organisation of the person who made them.
        var workshop = loaded.Value!;
        var from = workshop.StartedUtc ?? DateTime.MaxValue;
        var until = workshop.EndedUtc ?? DateTime.MaxValue;
        var editors = await db.ChangeRecords.AsNoTracking()
            .Where(c => c.PartnershipId == partnershipId && c.AtUtc >= from && c.AtUtc <= until && !c.EntityType.StartsWith("Workshop"))
            .Select(c => c.UserId).ToListAsync(cancellationToken);
        var edits = editors.Select(people.OrganisationOf).ToList();

        var organisationIds = attendance.Select(a => a.OrganisationId).Concat(ideas.Select(i => i.AuthorOrganisationId)).Concat(named.Select(v => v.OrganisationId))
            .Concat(edits).Distinct();
        var rows = organisationIds.Select(id =>
        {
            var organisation = people.Organisation(id);
            return new EquityRow(
                organisation?.Name ?? "No organisation", organisation?.Sector,
                attendance.Count(a => a.OrganisationId == id),
                ideas.Count(i => i.AuthorOrganisationId == id),
                named.Count(v => v.OrganisationId == id),
                ideas.Count(i => i.AuthorOrganisationId == id && i.LogEntryId is not null),
                edits.Count(e => e == id));
        }).OrderByDescending(r => r.Ideas + r.Votes + r.Edits).ThenBy(r => r.Organisation, StringComparer.CurrentCulture).ToList();
        return new EquityView(rows, votes.Count - named.Count);
    }

    /// <summary>An iCalendar file inviting to the workshop, for any member.</summary>
    public async Task<Result<(string FileName, string Content)>> CalendarFileAsync(string? userId, Guid partnershipId, Guid workshopId, Uri workshopUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workshopUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadAsync(db, userId, partnershipId, workshopId, PartnershipRole.Observer, "add workshops to a calendar", cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var workshop = loaded.Value!;
        var minutes = await db.WorkshopItems.Where(i => i.WorkshopId == workshopId).SumAsync(i => i.TimeBoxMinutes, cancellationToken);
        var start = DateTime.SpecifyKind(workshop.StartsUtc, DateTimeKind.Utc);
        var calendarEvent = new CalendarEvent
        {
            Uid = $"workshop-{workshop.Id}@partnership-workspace",
            Summary = workshop.Title,
            Description = (workshop.Description.Length > 0 ? workshop.Description + "\n\n" : "") + workshopUrl,
            Location = workshop.Location,
            DtStart = new CalDateTime(start),
            DtEnd = new CalDateTime(start.AddMinutes(Math.Max(minutes, 30))),
            Url = workshopUrl,
        };
        var calendar = new Ical.Net.Calendar();
        calendar.Events.Add(calendarEvent);
        var content = new CalendarSerializer().SerializeToString(calendar) ?? "";
        db.Record(partnershipId, userId, Now, Exports.ExportService.ExportEntity, workshop.Id, "Downloaded", null, AuditTrail.Join("calendar", workshop.Title));
        await db.SaveChangesAsync(cancellationToken);
        var slug = new string([.. workshop.Title.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]).Trim('-');
        return ($"{(slug.Length == 0 ? "workshop" : slug[..Math.Min(slug.Length, 60)])}.ics", content);
    }

    internal async Task<Result<Guid>> WriteMinutesAsync(string userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken)
    {
        string title;
        string markdown;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var workshop = await db.Workshops.AsNoTracking().FirstAsync(w => w.Id == workshopId, cancellationToken);
            title = $"Minutes: {workshop.Title}";
            markdown = await MinutesMarkdownAsync(db, partnershipId, workshop, cancellationToken);
        }

        var posted = await log.PostAsync(userId, partnershipId, new EntryInput
        {
            Kind = EntryKind.Note,
            Title = title.Length > LogEntry.TitleMaxLength ? title[..(LogEntry.TitleMaxLength - 1)] + "…" : title,
            Body = markdown,
            SourceWorkshopId = workshopId,
        }, cancellationToken);
        if (!posted.Succeeded)
        {
            return posted.Error!;
        }

        await using var save = await dbFactory.CreateDbContextAsync(cancellationToken);
        await save.Workshops.Where(w => w.Id == workshopId)
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.MinutesEntryId, posted.Value!.Id), cancellationToken);
        return posted.Value!.Id;
    }

    /// <summary>
    /// Attendance by organisation, the agenda with actual times, ideas with their dots, polls, the
    /// decisions and actions captured, and the shared notes. Vote counts only: no voter is ever named in the minutes.
    /// </summary>
    internal static async Task<string> MinutesMarkdownAsync(WorkspaceDbContext db, Guid partnershipId, Workshop workshop, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.GetCultureInfo("en-GB");
        var people = await WorkshopPeople.LoadAsync(db, partnershipId, cancellationToken);
        var items = await db.WorkshopItems.AsNoTracking().Where(i => i.WorkshopId == workshop.Id).OrderBy(i => i.Position).ToListAsync(cancellationToken);
        var hiddenItems = items.Where(IdeasHidden).Select(i => i.Id).ToHashSet();
        var allIdeas = await db.WorkshopIdeas.AsNoTracking().Where(i => i.WorkshopId == workshop.Id && i.RemovedUtc == null).OrderBy(i => i.CreatedUtc).ToListAsync(cancellationToken);

        // Ideas on an item whose private ideas were never revealed stay with their authors: the minutes count them, nothing more.
        var ideas = allIdeas.Where(i => !hiddenItems.Contains(i.ItemId)).ToList();
        var unrevealed = allIdeas.Where(i => hiddenItems.Contains(i.ItemId)).GroupBy(i => i.ItemId).ToDictionary(g => g.Key, g => g.Count());
        var votes = await db.WorkshopVotes.AsNoTracking().Where(v => v.WorkshopId == workshop.Id).Select(v => new { v.BallotTargetId, v.IdeaId, v.OptionId }).ToListAsync(cancellationToken);
        var polls = await db.WorkshopPolls.AsNoTracking().Where(p => p.WorkshopId == workshop.Id).OrderBy(p => p.CreatedUtc).ToListAsync(cancellationToken);
        var pollIds = polls.Select(p => p.Id).ToList();
        var options = await db.WorkshopPollOptions.AsNoTracking().Where(o => pollIds.Contains(o.PollId)).OrderBy(o => o.Position).ToListAsync(cancellationToken);
        var attendance = await db.WorkshopAttendances.AsNoTracking().Where(a => a.WorkshopId == workshop.Id).ToListAsync(cancellationToken);
        var outputs = await db.LogEntries.AsNoTracking()
            .Where(e => e.SourceWorkshopId == workshop.Id && e.RemovedUtc == null && (e.Kind == EntryKind.Decision || e.Kind == EntryKind.Action))
            .OrderBy(e => e.CreatedUtc).ToListAsync(cancellationToken);

        var md = new StringBuilder();
        md.Append(culture, $"**{workshop.StartsUtc.ToString("dddd d MMMM yyyy", culture)}**");
        if (workshop.Location.Length > 0)
        {
            md.Append(culture, $", {Escape(workshop.Location)}");
        }

        md.AppendLine(".").AppendLine();
        if (workshop.StartedUtc is { } started && workshop.EndedUtc is { } ended)
        {
            md.AppendLine(culture, $"Ran from {started:HH:mm} to {ended:HH:mm} UTC ({Duration((int)(ended - started).TotalSeconds)}), facilitated by {Escape(people.Ref(workshop.FacilitatorUserId ?? workshop.CreatedByUserId).Name)}.").AppendLine();
        }

        md.AppendLine("## Attendance").AppendLine();
        if (attendance.Count == 0)
        {
            md.AppendLine("Nobody's attendance was recorded.").AppendLine();
        }

        foreach (var group in attendance.GroupBy(a => a.OrganisationId).Select(g => (Organisation: people.Organisation(g.Key), People: g.ToList()))
            .OrderBy(g => g.Organisation?.Name, StringComparer.CurrentCulture))
        {
            var names = string.Join(", ", group.People.Select(a => Escape(people.Ref(a.UserId).Name)).Order(StringComparer.CurrentCulture));
            var sector = group.Organisation is null ? "" : $" ({group.Organisation.Sector.ToText()})";
            md.AppendLine(culture, $"- **{Escape(group.Organisation?.Name ?? "No organisation")}**{sector}: {names}");
        }

        md.AppendLine().AppendLine("## Agenda").AppendLine();
        md.AppendLine("| # | Item | Time box | Actual |").AppendLine("| --- | --- | --- | --- |");
        foreach (var item in items)
        {
            var actual = item.StartedUtc is null ? "Not reached" : Duration(item.ActualSeconds);
            md.AppendLine(culture, $"| {item.Position + 1} | {Escape(item.Title).Replace("|", "\\|", StringComparison.Ordinal)} | {item.TimeBoxMinutes} min | {actual} |");
        }

        md.AppendLine().AppendLine("## Ideas").AppendLine();
        if (allIdeas.Count == 0)
        {
            md.AppendLine("No ideas were added.").AppendLine();
        }

        foreach (var item in items.Where(i => allIdeas.Any(x => x.ItemId == i.Id)))
        {
            md.AppendLine(culture, $"### {Escape(item.Title)}").AppendLine();
            if (unrevealed.GetValueOrDefault(item.Id) is > 0 and var kept)
            {
                md.AppendLine(culture, $"{kept} private {(kept == 1 ? "idea was" : "ideas were")} not revealed.").AppendLine();
                continue;
            }

            foreach (var idea in ideas.Where(i => i.ItemId == item.Id).OrderBy(i => i.Group, StringComparer.CurrentCulture).ThenByDescending(i => votes.Count(v => v.IdeaId == i.Id)))
            {
                var author = people.Ref(idea.AuthorUserId, idea.AuthorOrganisationId);
                var dots = votes.Count(v => v.IdeaId == idea.Id);
                md.Append(culture, $"- {(idea.Group.Length > 0 ? $"*{Escape(idea.Group)}*: " : "")}{Escape(idea.Text)} — {Escape(author.OrganisationName ?? author.Name)}");
                md.AppendLine(item.VotingState == VotingState.NotStarted ? "" : $" ({dots} {(dots == 1 ? "dot" : "dots")})");
            }

            md.AppendLine();
        }

        if (polls.Count > 0)
        {
            md.AppendLine("## Polls").AppendLine();
            foreach (var poll in polls)
            {
                var voters = votes.Count(v => v.BallotTargetId == poll.Id);
                md.AppendLine(culture, $"**{Escape(poll.Question)}** ({(poll.MultipleChoice ? "multiple choice" : "single choice")}{(poll.Anonymous ? ", anonymous" : "")})").AppendLine();
                foreach (var option in options.Where(o => o.PollId == poll.Id))
                {
                    md.AppendLine(culture, $"- {Escape(option.Text)}: {votes.Count(v => v.OptionId == option.Id)}");
                }

                md.AppendLine();
            }
        }

        md.AppendLine("## Decisions and actions").AppendLine();
        if (outputs.Count == 0)
        {
            md.AppendLine("None were recorded in the workshop.");
        }

        foreach (var entry in outputs)
        {
            var extra = entry.Kind == EntryKind.Action && entry.AssigneeUserId is not null
                ? $" — {Escape(people.Ref(entry.AssigneeUserId).Name)}{(entry.DueDate is { } due ? $", by {due.ToString("d MMM yyyy", culture)}" : "")}"
                : "";
            md.AppendLine(culture, $"- **{entry.Kind}:** {Escape(entry.Title)}{extra}");
        }

        var notes = await db.WorkshopNotes.AsNoTracking().Where(n => n.WorkshopId == workshop.Id).Select(n => n.Text).FirstOrDefaultAsync(cancellationToken);
        var text = WithSharedNotes(md.ToString(), notes);
        return text.Length <= LogEntry.BodyMaxLength ? text : text[..(LogEntry.BodyMaxLength - 200)] + "\n\n*The minutes were shortened to fit the log; the workshop page keeps every idea.*";
    }

    /// <summary>
    /// The minutes with <paramref name="notes"/> as their last section, in place of any written before. Everything above it
    /// is escaped, so the first line that is exactly the heading is this section's.
    /// </summary>
    internal static string WithSharedNotes(string minutes, string? notes)
    {
        var at = minutes.IndexOf($"\n{SharedNotesHeading}\n", StringComparison.Ordinal);
        var head = (at < 0 ? minutes : minutes[..at]).TrimEnd();
        return string.IsNullOrWhiteSpace(notes) ? head : $"{head}\n\n{SharedNotesHeading}\n\n{notes.TrimEnd()}";
    }

    internal const string SharedNotesHeading = "## Shared notes";

    private static string Duration(int seconds) =>
        seconds < 60 ? $"{seconds} s" : seconds < 3600 ? $"{seconds / 60} min" : $"{seconds / 3600} h {seconds % 3600 / 60} min";

    /// <summary>Keeps what people typed from being read as Markdown formatting.</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '*' or '_' or '`' or '#' or '[' or ']' or '<' or '>' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
