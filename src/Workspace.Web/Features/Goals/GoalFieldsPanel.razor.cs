using System.Globalization;
using Microsoft.AspNetCore.Components;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Goals;

public sealed partial class GoalFieldsPanel
{
    /// <summary>How many goals "Part of" lists before asking for a few letters of a title.</summary>
    internal const int ParentChoicesShown = 50;

    /// <summary>The "Part of" choice for a goal with no parent.</summary>
    internal static readonly FieldChoice TopLevel = new(null, "A top-level goal");

    private static readonly GoalStatus[] Statuses = Enum.GetValues<GoalStatus>();

    private object? _renderedInputs;

    [Parameter, EditorRequired]
    public Guid GoalId { get; set; }

    [Parameter, EditorRequired]
    public GoalFieldValues Fields { get; set; } = default!;

    [Parameter]
    public bool CanEdit { get; set; }

    [Parameter]
    public bool Busy { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<OrganisationOption> Organisations { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<MemberView> Members { get; set; } = [];

    /// <summary>The partnership's goals, read only when "Part of" is searched: a change to this list alone renders nothing.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<GoalSummary> Goals { get; set; } = [];

    [Parameter]
    public EventCallback<FieldChange> OnSave { get; set; }

    /// <summary>
    /// Everything the panel shows. The page renders for every live event of the partnership; the panel
    /// renders again only when one of these changed (lists by reference: the page replaces a list that changes).
    /// </summary>
    private (Guid, GoalFieldValues, bool, bool, IReadOnlyList<OrganisationOption>, IReadOnlyList<MemberView>) Inputs =>
        (GoalId, Fields, CanEdit, Busy, Organisations, Members);

    protected override bool ShouldRender()
    {
        object inputs = Inputs;
        if (Equals(inputs, _renderedInputs))
        {
            return false;
        }

        _renderedInputs = inputs;
        return true;
    }

    protected override void OnParametersSet() => _renderedInputs ??= Inputs;

    private DateTime? DueAsDateTime => Fields.DueDate?.ToDateTime(TimeOnly.MinValue);

    private FieldChoice? LeadOrganisation => Fields.LeadOrganisationId is { } id
        ? new(id.ToString(), Organisations.FirstOrDefault(o => o.Id == id)?.DisplayName ?? Fields.LeadOrganisationName ?? "An organisation no longer listed")
        : null;

    private FieldChoice? Owner => Fields.OwnerUserId is { } id
        ? new(id, Members.FirstOrDefault(m => m.UserId == id) is { } member ? MemberText(member) : Fields.OwnerName ?? "A former member")
        : null;

    private FieldChoice Parent => Fields.ParentGoalId is { } id ? new(id.ToString(), Fields.ParentTitle ?? "A goal no longer listed") : TopLevel;

    private static string? ChoiceText(FieldChoice? choice) => choice?.Text;

    private static string MemberText(MemberView member) => $"{member.DisplayName} ({member.OrganisationName})";

    private static bool Matches(string text, string? search) =>
        string.IsNullOrWhiteSpace(search) || text.Contains(search.Trim(), StringComparison.CurrentCultureIgnoreCase);

    private Task<IEnumerable<FieldChoice>> SearchOrganisationsAsync(string? search, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<FieldChoice>>(
        [
            .. Organisations.Select(o => new FieldChoice(o.Id.ToString(), o.DisplayName))
                .Where(c => Matches(c.Text, search))
                .OrderBy(c => c.Text, StringComparer.CurrentCultureIgnoreCase),
        ]);

    private Task<IEnumerable<FieldChoice>> SearchMembersAsync(string? search, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<FieldChoice>>(
        [
            .. Members.Select(m => new FieldChoice(m.UserId, MemberText(m)))
                .Where(c => Matches(c.Text, search))
                .OrderBy(c => c.Text, StringComparer.CurrentCultureIgnoreCase),
        ]);

    /// <summary>"A top-level goal" first (while it matches), then the partnership's other goals by title.</summary>
    internal Task<IEnumerable<FieldChoice>> SearchGoalsAsync(string? search, CancellationToken cancellationToken)
    {
        var goals = Goals.Where(g => g.Id != GoalId)
            .Select(g => new FieldChoice(g.Id.ToString(), g.Title))
            .Where(c => Matches(c.Text, search))
            .OrderBy(c => c.Text, StringComparer.CurrentCultureIgnoreCase);
        IEnumerable<FieldChoice> choices = Matches(TopLevel.Text, search) ? [TopLevel, .. goals] : [.. goals];
        return Task.FromResult(choices);
    }

    private Task SaveAsync(GoalField field, string? original, string? value) =>
        original == value ? Task.CompletedTask : OnSave.InvokeAsync(new FieldChange(field, original, value));

    private Task SaveStatusAsync(GoalStatus status) => SaveAsync(GoalField.Status, Fields.Status.ToString(), status.ToString());

    private Task SaveLeadOrganisationAsync(FieldChoice? choice) =>
        SaveAsync(GoalField.LeadOrganisation, Fields.LeadOrganisationId?.ToString(), choice?.Id);

    private Task SaveOwnerAsync(FieldChoice? choice) => SaveAsync(GoalField.Owner, Fields.OwnerUserId, choice?.Id);

    private Task SaveParentAsync(FieldChoice? choice) => SaveAsync(GoalField.Parent, Fields.ParentGoalId?.ToString(), choice?.Id);

    private Task SaveDueDateAsync(DateTime? date) =>
        SaveAsync(GoalField.DueDate, Fields.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
