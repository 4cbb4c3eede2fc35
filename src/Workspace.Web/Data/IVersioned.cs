namespace Workspace.Web.Data;

/// <summary>
/// An editable entity with an app-managed optimistic concurrency token. The context increments
/// <see cref="Version"/> on every update, and the update only succeeds when the stored version still
/// equals the one the change started from (works the same on SQLite and SQL Server).
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
