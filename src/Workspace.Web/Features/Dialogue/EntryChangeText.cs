namespace Workspace.Web.Features.Dialogue;

public static class EntryChangeText
{
    private static string FieldLabel(string field) => field switch
    {
        nameof(LogEntry.Body) => "text",
        nameof(LogEntry.GoalId) => "linked goal",
        nameof(LogEntry.DecisionRule) => "decision rule",
        nameof(LogEntry.DeadlineUtc) => "deadline",
        nameof(LogEntry.AssigneeUserId) => "assignee",
        nameof(LogEntry.DueDate) => "due date",
        nameof(LogEntry.RiskOwnerUserId) => "risk owner",
        nameof(LogEntry.RiskState) => "risk state",
        _ => field.ToLowerInvariant(),
    };

    /// <summary>What a recorded change of an entry did, in words: "posted it", "changed the due date", "replied".</summary>
    public static string Describe(EntryChange change) => (change.EntityType, change.Field) switch
    {
        ("LogEntry", "Posted") => "posted it",
        ("LogEntry", "Removed") => "removed it",
        ("LogEntry", "Outcome") => "closed the decision with this outcome",
        ("LogEntry", "Amendment") => "amended the decision",
        ("LogEntry", nameof(LogEntry.ActionState)) => "changed the state",
        ("LogEntry", var field) => $"changed the {FieldLabel(field)}",
        ("DecisionPosition", _) => change.OldValue is null ? "took a position" : "changed their position",
        ("LogReply", "Removed") => "removed a reply",
        ("LogReply", "Reply edited") => "edited a reply",
        ("LogReply", _) => "replied",
        _ => $"changed {change.Field}",
    };
}
