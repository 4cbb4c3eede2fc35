using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using static Workspace.Web.Features.Dialogue.DialogueAccess;

namespace Workspace.Web.Features.Dialogue;

/// <summary>What a person may enter for an entry of each kind, how it lands on the entry, and how its fields are recorded.</summary>
internal static class EntryInputRules
{
    /// <summary>The rules of an entry, for a new one (<paramref name="existing"/> null) and an edit alike.</summary>
    public static async Task<InputRules> ValidateAsync(WorkspaceDbContext db, Guid partnershipId, EntryInput input, LogEntry? existing, DateTime now, CancellationToken cancellationToken)
    {
        var rules = new InputRules()
            .Defined(nameof(EntryInput.Kind), "Kind", input.Kind)
            .Required(nameof(EntryInput.Title), input.Kind == EntryKind.Decision ? "Proposal" : "Title", input.Title, LogEntry.TitleMaxLength)
            .MarkdownMaxLength(nameof(EntryInput.Body), "Text", input.Body, LogEntry.BodyMaxLength);
        if (input.GoalId is { } goalId && !await db.Goals.AnyAsync(g => g.Id == goalId && g.PartnershipId == partnershipId, cancellationToken))
        {
            rules.Add(nameof(EntryInput.GoalId), "Choose a goal of this partnership.");
        }

        if (existing is null && input.SourceWorkshopId is { } workshopId
            && !await db.Workshops.AnyAsync(w => w.Id == workshopId && w.PartnershipId == partnershipId, cancellationToken))
        {
            rules.Add(nameof(EntryInput.SourceWorkshopId), "Choose a workshop of this partnership.");
        }

        await CheckMentionsAsync(db, partnershipId, input.Mentions, rules, cancellationToken);
        switch (input.Kind)
        {
            case EntryKind.Decision:
                rules.Defined(nameof(EntryInput.DecisionRule), "Decision rule", input.DecisionRule)
                    .Date(nameof(EntryInput.DeadlineUtc), "a deadline", input.DeadlineUtc);

                // An edit may keep a deadline that has passed since, but not move it into the past.
                if (input.DeadlineUtc is { } deadline && InputRules.InRange(deadline) && deadline < now && deadline != existing?.DeadlineUtc)
                {
                    rules.Add(nameof(EntryInput.DeadlineUtc), "The deadline has already passed: choose a date and time in the future.");
                }

                break;
            case EntryKind.Action:
                rules.Defined(nameof(EntryInput.ActionState), "State", input.ActionState);
                if (input.AssigneeUserId is null)
                {
                    rules.Add(nameof(EntryInput.AssigneeUserId), "Choose who will do it.");
                }
                else if (!await IsMemberAsync(db, partnershipId, input.AssigneeUserId, cancellationToken))
                {
                    rules.Add(nameof(EntryInput.AssigneeUserId), "The assignee must be a member of this partnership.");
                }

                rules.Date(nameof(EntryInput.DueDate), "a due date", input.DueDate);

                if (input.SourceDecisionId is { } source && !await db.LogEntries.AnyAsync(e => e.Id == source && e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision, cancellationToken))
                {
                    rules.Add(nameof(EntryInput.SourceDecisionId), "Choose a decision of this partnership.");
                }

                break;
            case EntryKind.Risk:
                rules.Check(input.Likelihood is >= 1 and <= 5, nameof(EntryInput.Likelihood), "Choose a likelihood from 1 (rare) to 5 (almost certain).")
                    .Check(input.Impact is >= 1 and <= 5, nameof(EntryInput.Impact), "Choose an impact from 1 (minor) to 5 (severe).")
                    .MaxLength(nameof(EntryInput.Mitigation), "Mitigation", input.Mitigation, LogEntry.MitigationMaxLength)
                    .Defined(nameof(EntryInput.RiskState), "State", input.RiskState);
                if (input.RiskOwnerUserId is not null && !await IsMemberAsync(db, partnershipId, input.RiskOwnerUserId, cancellationToken))
                {
                    rules.Add(nameof(EntryInput.RiskOwnerUserId), "The owner must be a member of this partnership.");
                }

                break;
        }

        return rules;
    }

    /// <summary>Copies what the person entered onto the entry, for the fields of its kind.</summary>
    public static void Apply(LogEntry entry, EntryInput input)
    {
        entry.Title = InputRules.Stored(input.Title);
        entry.Body = InputRules.StoredMarkdown(input.Body);
        entry.GoalId = input.GoalId;
        switch (entry.Kind)
        {
            case EntryKind.Decision:
                entry.DecisionRule = input.DecisionRule;
                entry.DeadlineUtc = input.DeadlineUtc;
                break;
            case EntryKind.Action:
                entry.AssigneeUserId = input.AssigneeUserId;
                entry.DueDate = input.DueDate;
                entry.ActionState = input.ActionState;
                entry.SourceDecisionId = input.SourceDecisionId;
                break;
            case EntryKind.Risk:
                entry.Likelihood = input.Likelihood;
                entry.Impact = input.Impact;
                entry.Mitigation = input.Mitigation is null ? null : InputRules.Stored(input.Mitigation);
                entry.RiskOwnerUserId = input.RiskOwnerUserId;
                entry.RiskState = input.RiskState;
                break;
        }
    }

    /// <summary>The recorded fields of an entry as text, to compare before and after an edit.</summary>
    public static Dictionary<string, string?> Describe(LogEntry entry) => new()
    {
        [nameof(LogEntry.Title)] = entry.Title,
        [nameof(LogEntry.Body)] = entry.Body,
        [nameof(LogEntry.GoalId)] = entry.GoalId?.ToString(),
        [nameof(LogEntry.DecisionRule)] = entry.DecisionRule?.ToString(),
        [nameof(LogEntry.DeadlineUtc)] = entry.DeadlineUtc?.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
        [nameof(LogEntry.AssigneeUserId)] = entry.AssigneeUserId,
        [nameof(LogEntry.DueDate)] = entry.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        [nameof(LogEntry.ActionState)] = entry.ActionState?.ToString(),
        [nameof(LogEntry.Likelihood)] = entry.Likelihood?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [nameof(LogEntry.Impact)] = entry.Impact?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [nameof(LogEntry.Mitigation)] = entry.Mitigation,
        [nameof(LogEntry.RiskOwnerUserId)] = entry.RiskOwnerUserId,
        [nameof(LogEntry.RiskState)] = entry.RiskState?.ToString(),
    };
}
