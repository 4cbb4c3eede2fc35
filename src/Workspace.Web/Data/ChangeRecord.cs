namespace Workspace.Web.Data;

/// <summary>
/// One row of the append-only audit trail: who changed what, when, from what to what. Each record is a
/// link in its partnership's hash chain (<see cref="AuditChain"/>): it is never updated or deleted once
/// sealed, by the context's own rule and by a trigger in the database.
/// </summary>
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

    /// <summary>The record's place in its partnership's chain, from 1; null until sealed (rows older than the chain).</summary>
    public long? Sequence { get; set; }

    /// <summary>The <see cref="Hash"/> of the record before it in the chain; null for the first.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 (hex) of the record's content and <see cref="PreviousHash"/>; set when the record is stamped.</summary>
    public string? Hash { get; set; }
}
