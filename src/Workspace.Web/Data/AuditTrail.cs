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

    /// <summary>
    /// One value that names what it is about and what it says, e.g. an agenda item and an idea, so one
    /// record per action carries both; <see cref="Split"/> takes them apart for the Activity page.
    /// </summary>
    public static string Join(string context, string? value) => $"{context}{Separator}{value}";

    public static (string Context, string? Value) Split(string? joined)
    {
        var at = joined?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        return at < 0 ? (joined ?? "", null) : (joined![..at], joined[(at + 1)..]);
    }

    // The unit separator: never typed, so a title with any text in it still splits in the right place.
    private const char Separator = '\u001F';

    private static string? Truncate(string? value) =>
        value is { Length: > ChangeRecord.ValueMaxLength } ? value[..ChangeRecord.ValueMaxLength] : value;
}
