namespace Workspace.Web.Data;

/// <summary>One row of the append-only audit trail: who changed what, when, from what to what.</summary>
public class ChangeRecord
{
    public const int ValueMaxLength = 20_000;

    public long Id { get; set; }

    public Guid PartnershipId { get; set; }

    public string? UserId { get; set; }

    /// <summary>The goal a change to a goal, its indicators or check-ins belongs to, for its history panel.</summary>
    public Guid? GoalId { get; set; }

    public DateTime AtUtc { get; set; }

    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";

    public string Field { get; set; } = "";

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }
}
