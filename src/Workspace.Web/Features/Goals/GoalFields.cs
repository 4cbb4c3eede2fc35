using System.Collections.Frozen;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Goals;

/// <summary>How a field's stored value is shown to people.</summary>
public enum GoalFieldShownAs
{
    Text,
    Status,
    Organisation,
    Person,
    Date,
    Goal,
}

/// <summary>
/// One field of a goal that is edited on its own: how it is named to people, read from and written to
/// the goal, stored (normalised), checked and shown. Values travel as strings (ids, ISO dates, enum
/// names) because one save path, one conflict check and one history serve every field.
/// </summary>
public sealed record GoalFieldDescriptor(
    GoalField Field,
    string Label,
    GoalFieldShownAs ShownAs,
    Func<Goal, string?> Read,
    Action<Goal, string?> Write,
    Func<string?, string?> Normalise,
    Func<GoalFieldCheck, Task> Validate)
{
    /// <summary>Long texts are compared line by line in a conflict and shown folded in the history.</summary>
    public bool IsLongText => Field is GoalField.Title or GoalField.Description;
}

/// <summary>What a field's check needs: the database, the goal, the value and where to add refusals.</summary>
public sealed record GoalFieldCheck(WorkspaceDbContext Db, Goal Goal, string? Value, InputRules Rules, CancellationToken CancellationToken)
{
    public string Name { get; init; } = "";
}

/// <summary>The table of the goal's fields: adding a field means adding its line here (and its column and editor).</summary>
public static class GoalFields
{
    private const string IsoDate = "yyyy-MM-dd";

    private static readonly FrozenDictionary<GoalField, GoalFieldDescriptor> Table = new GoalFieldDescriptor[]
    {
        new(GoalField.Title, "title", GoalFieldShownAs.Text, g => g.Title, (g, v) => g.Title = v ?? "", InputRules.Stored,
            c => Done(c.Rules.Required(c.Name, "Title", c.Value, Goal.TitleMaxLength))),
        new(GoalField.Description, "description", GoalFieldShownAs.Text, g => g.Description, (g, v) => g.Description = v ?? "", InputRules.StoredMarkdown,
            c => Done(c.Rules.MarkdownMaxLength(c.Name, "Description", c.Value, Goal.DescriptionMaxLength))),
        new(GoalField.Status, "status", GoalFieldShownAs.Status, g => g.Status.ToString(), (g, v) => g.Status = Enum.Parse<GoalStatus>(v!), v => v?.Trim(),
            // By name only: Enum.TryParse also accepts numbers ("1") and flag combinations ("OnTrack, AtRisk").
            c => Done(c.Rules.Check(Enum.GetNames<GoalStatus>().Contains(c.Value, StringComparer.Ordinal), c.Name, "Choose a status from the list."))),
        new(GoalField.LeadOrganisation, "lead organisation", GoalFieldShownAs.Organisation, g => g.LeadOrganisationId?.ToString(),
            (g, v) => g.LeadOrganisationId = v is null ? null : Guid.Parse(v), NormaliseId, CheckOrganisationAsync),
        new(GoalField.Owner, "owner", GoalFieldShownAs.Person, g => g.OwnerUserId, (g, v) => g.OwnerUserId = v, NormaliseOptional, CheckOwnerAsync),
        new(GoalField.DueDate, "due date", GoalFieldShownAs.Date, g => g.DueDate?.ToString(IsoDate, CultureInfo.InvariantCulture),
            (g, v) => g.DueDate = v is null ? null : DateOnly.ParseExact(v, IsoDate, CultureInfo.InvariantCulture), NormaliseOptional, CheckDueDate),
        new(GoalField.Parent, "parent goal", GoalFieldShownAs.Goal, g => g.ParentGoalId?.ToString(),
            (g, v) => g.ParentGoalId = v is null ? null : Guid.Parse(v), NormaliseId, CheckParentAsync),
    }.ToFrozenDictionary(d => d.Field);

    public static IEnumerable<GoalFieldDescriptor> All => Table.Values.OrderBy(d => d.Field);

    public static GoalFieldDescriptor Of(GoalField field) =>
        Table.TryGetValue(field, out var descriptor) ? descriptor : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a goal field.");

    /// <summary>The field as named in a sentence ("the lead organisation").</summary>
    public static string Label(GoalField field) => Of(field).Label;

    /// <summary>The field named by its stored key (as in the history), or the key itself.</summary>
    public static string Label(string field) => Enum.TryParse<GoalField>(field, out var known) ? Label(known) : field.ToLowerInvariant();

    /// <summary>A stored value as people read it; names come from the lookups, which answer null for ids they do not know.</summary>
    public static string? Display(GoalField field, string? value, Func<string, string?> organisation, Func<string, string?> person, Func<string, string?> goal) =>
        value is null ? null : Of(field).ShownAs switch
        {
            GoalFieldShownAs.Status => Enum.TryParse<GoalStatus>(value, out var status) ? status.ToText() : value,
            GoalFieldShownAs.Organisation => organisation(value) ?? value,
            GoalFieldShownAs.Person => person(value) ?? "A former member",
            GoalFieldShownAs.Goal => goal(value) ?? "A goal",
            GoalFieldShownAs.Date => DateOnly.TryParseExact(value, IsoDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("d MMM yyyy", CultureInfo.CurrentCulture) : value,
            _ => value,
        };

    /// <summary>Display against the lists a page holds.</summary>
    public static string? Display(GoalField field, string? value, IEnumerable<Organisations.OrganisationOption> organisations,
        IEnumerable<Members.MemberView> members, IEnumerable<GoalSummary> goals) =>
        Display(field, value,
            id => organisations.FirstOrDefault(o => o.Id.ToString() == id)?.DisplayName,
            id => members.FirstOrDefault(m => m.UserId == id)?.DisplayName,
            id => goals.FirstOrDefault(g => g.Id.ToString() == id)?.Title);

    // The rules were added by the call in the argument; the check itself had nothing to wait for.
    private static Task Done(InputRules _) => Task.CompletedTask;

    private static string? NormaliseOptional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? NormaliseId(string? value) => Guid.TryParse(value, out var id) ? id.ToString() : NormaliseOptional(value);

    private static async Task CheckOrganisationAsync(GoalFieldCheck c) =>
        c.Rules.Check(c.Value is null || (Guid.TryParse(c.Value, out var id) && await c.Db.Organisations.AnyAsync(o => o.Id == id, c.CancellationToken)),
            c.Name, "Choose the lead organisation from the list.");

    private static async Task CheckOwnerAsync(GoalFieldCheck c) =>
        c.Rules.Check(c.Value is null || await c.Db.Memberships.AnyAsync(m => m.PartnershipId == c.Goal.PartnershipId && m.UserId == c.Value, c.CancellationToken),
            c.Name, "Choose the owner from the partnership's members.");

    private static Task CheckDueDate(GoalFieldCheck c)
    {
        if (c.Value is not null && !DateOnly.TryParseExact(c.Value, IsoDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            c.Rules.Add(c.Name, "Enter a real date, like 31/03/2027.");
        }
        else
        {
            c.Rules.Date(c.Name, "a due date", c.Value is null ? null : DateOnly.ParseExact(c.Value, IsoDate, CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    private static async Task CheckParentAsync(GoalFieldCheck c)
    {
        if (c.Value is null)
        {
            return;
        }

        var parents = await c.Db.Goals.AsNoTracking().Where(g => g.PartnershipId == c.Goal.PartnershipId)
            .ToDictionaryAsync(g => g.Id, g => g.ParentGoalId, c.CancellationToken);
        if (!Guid.TryParse(c.Value, out var parentId) || !parents.ContainsKey(parentId))
        {
            c.Rules.Add(c.Name, "Choose a parent goal from this partnership.");
            return;
        }

        for (Guid? current = parentId; current is not null; current = parents.GetValueOrDefault(current.Value))
        {
            if (current == c.Goal.Id)
            {
                c.Rules.Add(c.Name, "A goal cannot sit under itself or under one of its own sub-goals.");
                return;
            }
        }
    }
}
