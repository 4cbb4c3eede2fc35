using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Workspace.Web.Components.Common;
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

    private readonly HashSet<GoalField> _active = [];
    private (GoalField Field, bool Open)? _pending;
    private MudSelect<GoalStatus>? _status;
    private MudAutocomplete<FieldChoice>? _lead;
    private MudAutocomplete<FieldChoice>? _owner;
    private MudDatePicker? _due;
    private MudAutocomplete<FieldChoice>? _parent;

    /// <summary>
    /// The partnership's goals, read only when "Part of" is searched. It is not part of the model, so
    /// a change to another goal alone renders nothing here.
    /// </summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<GoalSummary> Goals { get; set; } = [];

    [Parameter]
    public EventCallback<FieldChange> OnSave { get; set; }

    private bool IsActive(GoalField field) => _active.Contains(field);

    /// <summary>Creates the field's editor (it stays), then focuses it and, when it was pressed, opens its list.</summary>
    private void Activate(GoalField field, bool open)
    {
        if (Model.Busy || !_active.Add(field))
        {
            return;
        }

        _pending = (field, open);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        switch (pending.Field)
        {
            case GoalField.Status when _status is not null:
                await _status.FocusAsync();
                if (pending.Open)
                {
                    await _status.OpenMenu();
                }

                break;
            case GoalField.LeadOrganisation or GoalField.Owner or GoalField.Parent
                when (pending.Field switch { GoalField.LeadOrganisation => _lead, GoalField.Owner => _owner, _ => _parent }) is { } autocomplete:
                await autocomplete.FocusAsync();
                if (pending.Open)
                {
                    await autocomplete.OpenMenuAsync();
                }

                break;
            case GoalField.DueDate when _due is not null:
                await _due.FocusAsync();
                if (pending.Open)
                {
                    await _due.OpenAsync();
                }

                break;
        }
    }

    private Task ClearAsync(GoalField field) => field switch
    {
        GoalField.LeadOrganisation => SaveLeadOrganisationAsync(null),
        GoalField.Owner => SaveOwnerAsync(null),
        GoalField.DueDate => SaveDueDateAsync(null),
        GoalField.Parent => SaveParentAsync(null),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// A field before its editor exists: MudBlazor's input markup and classes, so it looks the same,
    /// as a focusable combobox named by the field's label. Pressing it (or its list button) creates the
    /// editor with its list open; reaching it with the keyboard creates the editor focused.
    /// </summary>
    private RenderFragment Dormant(GoalField field, string label, string? text, bool clearable, string? adornment, string icon) => __builder =>
    {
        var id = $"goal-field-{field.ToString().ToLowerInvariant()}";
        var shrink = text is not null || field == GoalField.DueDate;
        __builder.OpenElement(0, "div");
        __builder.AddAttribute(1, "class", Model.Busy ? "mud-select goal-field-dormant mud-disabled" : "mud-select goal-field-dormant");
        __builder.OpenElement(2, "div");
        __builder.AddAttribute(3, "class", "mud-input-control mud-input-text-with-label mud-select");
        __builder.OpenElement(4, "div");
        __builder.AddAttribute(5, "class", "mud-input-control-input-container");
        __builder.OpenElement(6, "div");
        __builder.AddAttribute(7, "class", shrink
            ? "mud-input mud-input-text mud-input-text-with-label mud-input-adorned-end mud-input-underline mud-shrink mud-typography-subtitle1 mud-select-input mud-input-sizing-fixed"
            : "mud-input mud-input-text mud-input-text-with-label mud-input-adorned-end mud-input-underline mud-typography-subtitle1 mud-select-input mud-input-sizing-fixed");
        __builder.OpenElement(8, "div");
        __builder.AddAttribute(9, "id", id);
        __builder.AddAttribute(10, "class", "mud-input-slot mud-input-root mud-input-root-text mud-input-root-adorned-end mud-select-input");
        __builder.AddAttribute(11, "style", "display:inline");
        __builder.AddAttribute(12, "tabindex", "0");
        __builder.AddAttribute(13, "role", "combobox");
        __builder.AddAttribute(14, "aria-expanded", "false");
        __builder.AddAttribute(15, "aria-haspopup", field == GoalField.DueDate ? "dialog" : "listbox");
        __builder.AddAttribute(16, "aria-label", label);
        __builder.AddAttribute(17, "aria-disabled", Model.Busy ? "true" : null);
        __builder.AddAttribute(18, "onmousedown", EventCallback.Factory.Create<MouseEventArgs>(this, () => Activate(field, open: true)));
        __builder.AddEventPreventDefaultAttribute(19, "onmousedown", true);
        __builder.AddAttribute(20, "onfocus", EventCallback.Factory.Create<FocusEventArgs>(this, () => Activate(field, open: false)));
        if (text is null && field == GoalField.DueDate)
        {
            __builder.OpenElement(21, "span");
            __builder.AddAttribute(22, "class", "goal-field-placeholder");
            __builder.AddContent(23, "dd/mm/yyyy");
            __builder.CloseElement();
        }
        else
        {
            __builder.AddContent(24, text);
        }

        __builder.CloseElement();
        if (clearable && text is not null)
        {
            __builder.OpenElement(25, "button");
            __builder.AddAttribute(26, "type", "button");
            __builder.AddAttribute(27, "tabindex", "-1");
            __builder.AddAttribute(28, "aria-label", "Clear");
            __builder.AddAttribute(29, "class", "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small mud-input-clear-button mud-icon-button-edge-end mud-no-activator");
            __builder.AddAttribute(30, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => ClearAsync(field)));
            __builder.OpenElement(31, "span");
            __builder.AddAttribute(32, "class", "mud-icon-button-label");
            __builder.AddContent(33, Components.Common.Svg.Icon(Icons.Material.Filled.Clear, "mud-icon-size-small"));
            __builder.CloseElement();
            __builder.CloseElement();
        }

        __builder.OpenElement(34, "div");
        __builder.AddAttribute(35, "class", "mud-input-adornment mud-input-adornment-end");
        if (adornment is null)
        {
            __builder.AddContent(36, Components.Common.Svg.Icon(icon, "mud-icon-default mud-icon-size-medium mud-input-adornment-icon"));
        }
        else
        {
            __builder.OpenElement(37, "button");
            __builder.AddAttribute(38, "type", "button");
            __builder.AddAttribute(39, "tabindex", "-1");
            __builder.AddAttribute(40, "aria-label", adornment);
            __builder.AddAttribute(41, "class", "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-edge-end mud-input-adornment-icon-button mud-no-activator");
            __builder.AddAttribute(42, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => Activate(field, open: true)));
            __builder.OpenElement(43, "span");
            __builder.AddAttribute(44, "class", "mud-icon-button-label");
            __builder.AddContent(45, Components.Common.Svg.Icon(icon));
            __builder.CloseElement();
            __builder.CloseElement();
        }

        __builder.CloseElement();
        __builder.CloseElement();
        __builder.OpenElement(46, "label");
        __builder.AddAttribute(47, "class", "mud-input-label mud-input-label-animated mud-input-label-text mud-input-label-inputcontrol");
        __builder.AddContent(48, label);
        __builder.CloseElement();
        __builder.CloseElement();
        __builder.CloseElement();
        __builder.CloseElement();
    };

    private DateTime? DueAsDateTime => Model.Fields.DueDate?.ToDateTime(TimeOnly.MinValue);

    private FieldChoice? LeadOrganisation => Model.Fields.LeadOrganisationId is { } id
        ? new(id.ToString(), Model.Organisations.FirstOrDefault(o => o.Id == id)?.DisplayName ?? Model.Fields.LeadOrganisationName ?? "An organisation no longer listed")
        : null;

    private FieldChoice? Owner => Model.Fields.OwnerUserId is { } id
        ? new(id, Model.Members.FirstOrDefault(m => m.UserId == id) is { } member ? MemberText(member) : Model.Fields.OwnerName ?? "A former member")
        : null;

    private FieldChoice Parent => Model.Fields.ParentGoalId is { } id ? new(id.ToString(), Model.Fields.ParentTitle ?? "A goal no longer listed") : TopLevel;

    private static string? ChoiceText(FieldChoice? choice) => choice?.Text;

    private static string MemberText(MemberView member) => $"{member.DisplayName} ({member.OrganisationName})";

    private static bool Matches(string text, string? search) =>
        string.IsNullOrWhiteSpace(search) || text.Contains(search.Trim(), StringComparison.CurrentCultureIgnoreCase);

    private Task<IEnumerable<FieldChoice>> SearchOrganisationsAsync(string? search, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<FieldChoice>>(
        [
            .. Model.Organisations.Select(o => new FieldChoice(o.Id.ToString(), o.DisplayName))
                .Where(c => Matches(c.Text, search))
                .OrderBy(c => c.Text, StringComparer.CurrentCultureIgnoreCase),
        ]);

    private Task<IEnumerable<FieldChoice>> SearchMembersAsync(string? search, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<FieldChoice>>(
        [
            .. Model.Members.Select(m => new FieldChoice(m.UserId, MemberText(m)))
                .Where(c => Matches(c.Text, search))
                .OrderBy(c => c.Text, StringComparer.CurrentCultureIgnoreCase),
        ]);

    /// <summary>"A top-level goal" first (while it matches), then the partnership's other goals by title.</summary>
    internal Task<IEnumerable<FieldChoice>> SearchGoalsAsync(string? search, CancellationToken cancellationToken)
    {
        var goals = Goals.Where(g => g.Id != Model.GoalId)
            .Select(g => new FieldChoice(g.Id.ToString(), g.Title))
            .Where(c => Matches(c.Text, search))
            .OrderBy(c => c.Text, StringComparer.CurrentCultureIgnoreCase);
        IEnumerable<FieldChoice> choices = Matches(TopLevel.Text, search) ? [TopLevel, .. goals] : [.. goals];
        return Task.FromResult(choices);
    }

    private Task SaveAsync(GoalField field, string? original, string? value) =>
        original == value ? Task.CompletedTask : OnSave.InvokeAsync(new FieldChange(field, original, value));

    private Task SaveStatusAsync(GoalStatus status) => SaveAsync(GoalField.Status, Model.Fields.Status.ToString(), status.ToString());

    private Task SaveLeadOrganisationAsync(FieldChoice? choice) =>
        SaveAsync(GoalField.LeadOrganisation, Model.Fields.LeadOrganisationId?.ToString(), choice?.Id);

    private Task SaveOwnerAsync(FieldChoice? choice) => SaveAsync(GoalField.Owner, Model.Fields.OwnerUserId, choice?.Id);

    private Task SaveParentAsync(FieldChoice? choice) => SaveAsync(GoalField.Parent, Model.Fields.ParentGoalId?.ToString(), choice?.Id);

    private Task SaveDueDateAsync(DateTime? date) =>
        SaveAsync(GoalField.DueDate, Model.Fields.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
