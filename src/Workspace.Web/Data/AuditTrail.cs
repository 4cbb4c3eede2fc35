namespace Workspace.Web.Data;

public static class AuditTrail
{
    /// <summary>Adds a change record to the same unit of work as the change itself.</summary>
    public static void Record(this WorkspaceDbContext db, Guid partnershipId, string? userId, DateTime atUtc,
        string entityType, object entityId, string field, string? oldValue, string? newValue, Guid? goalId = null)
    {
        if (oldValue == newValue)
        {
            return;
        }

        db.ChangeRecords.Add(new ChangeRecord
        {
            PartnershipId = partnershipId,
            UserId = userId,
            AtUtc = atUtc,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            Field = field,
            OldValue = Truncate(oldValue),
            NewValue = Truncate(newValue),
            GoalId = goalId,
        });
    }

    private static string? Truncate(string? value) =>
        value is { Length: > ChangeRecord.ValueMaxLength } ? value[..ChangeRecord.ValueMaxLength] : value;
}
