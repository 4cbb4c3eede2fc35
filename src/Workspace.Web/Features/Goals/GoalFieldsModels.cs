namespace Workspace.Web.Features.Goals;

/// <summary>
/// What the goal's fields panel shows. Equal values mean the panel has nothing new to show, so a live
/// edit of another part of the goal (its title, its description) does not render the panel again.
/// </summary>
public sealed record GoalFieldValues(
    GoalStatus Status,
    Guid? LeadOrganisationId,
    string? LeadOrganisationName,
    string? OwnerUserId,
    string? OwnerName,
    DateOnly? DueDate,
    Guid? ParentGoalId,
    string? ParentTitle)
{
    public static GoalFieldValues Of(GoalSummary goal, string? parentTitle) =>
        new(goal.Status, goal.LeadOrganisationId, goal.LeadOrganisationName, goal.OwnerUserId, goal.OwnerName, goal.DueDate, goal.ParentGoalId, parentTitle);
}

/// <summary>One field saved from the value the person started from to a new value (both as the service stores them).</summary>
public sealed record FieldChange(GoalField Field, string? Original, string? Value);

/// <summary>A choice in one of the goal's searchable fields: the stored id (null for "none") and the text shown.</summary>
public sealed record FieldChoice(string? Id, string Text);
