using System.ComponentModel;

namespace Workspace.Web.Features.Api;

[Description("A shared goal of the partnership, with its status and progress.")]
public sealed record ApiGoal(
    Guid Id,
    Guid? ParentGoalId,
    string Title,
    [property: Description("NotStarted, OnTrack, AtRisk, OffTrack, Achieved or Dropped.")] string Status,
    [property: Description("Mean progress of its measured indicators from baseline to target, 0–1; null before any check-in.")] double? Progress,
    DateOnly? DueDate,
    string? LeadOrganisation,
    DateTime UpdatedUtc);

[Description("A value recorded for an indicator.")]
public sealed record ApiCheckIn(
    Guid Id,
    double Value,
    [property: Description("The date the value was measured.")] DateOnly AsOf,
    string Comment,
    [property: Description("A person's name, or the API token that sent it, e.g. \"API token 'Council data feed'\".")] string RecordedBy,
    DateTime RecordedUtc);

[Description("An indicator of a goal, with its latest value and all check-ins, oldest first.")]
public sealed record ApiIndicator(
    Guid Id,
    Guid GoalId,
    string Name,
    string Unit,
    double Baseline,
    double Target,
    [property: Description("Increase, Decrease or Maintain.")] string Direction,
    string Cadence,
    ApiCheckIn? Latest,
    [property: Description("Progress of the latest value from baseline to target, 0–1 or more; null without check-ins.")] double? Progress,
    IReadOnlyList<ApiCheckIn> CheckIns);

[Description("How many people of one organisation took each position on a decision.")]
public sealed record ApiOrganisationPositions(string Organisation, int Agree, int Concerns, int Objects, int Abstain);

[Description("A decision in the partnership's log, with its outcome once closed and positions by organisation.")]
public sealed record ApiDecision(
    Guid Id,
    string Title,
    [property: Description("Consensus, Consent or Majority.")] string? Rule,
    DateTime CreatedUtc,
    DateTime? DeadlineUtc,
    DateTime? ClosedUtc,
    string? Outcome,
    IReadOnlyList<ApiOrganisationPositions> Positions);

[Description("A value to record for an indicator.")]
public sealed class ApiCheckInRequest
{
    [Description("The measured value, between -1e12 and 1e12.")]
    public double? Value { get; set; }

    [Description("The date the value was measured (yyyy-MM-dd), not in the future.")]
    public DateOnly? AsOf { get; set; }

    [Description("An optional note, up to 1,000 characters.")]
    public string? Note { get; set; }
}
