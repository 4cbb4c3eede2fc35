using Workspace.Web.Components.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

/// <summary>What the goal page's parts ask of the page: each is a method of the page, so the page renders after it.</summary>
public interface IGoalPageActions
{
    void EditTitle();

    void TitleTyped(string? text);

    Task TitleKeyDownAsync(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e);

    Task SaveTitleAsync();

    Task CancelTitleAsync();

    void EditDescription();

    void DescriptionTyped(string? text);

    void ShowWrite();

    void ShowPreview();

    Task SaveDescriptionAsync();

    Task CancelDescriptionAsync();

    void ShowTab(int index);

    void Restored(FieldSave save);
}

/// <summary>The goal's heading: its title (or the title being edited), status, progress and who is here.</summary>
public sealed record GoalHeaderModel(string Title, GoalStatus Status, double? Progress, bool CanEdit, bool Editing, string Text, string? Error,
    bool Busy, ValueList<PresenceEntry> Presence, string UserId);

/// <summary>The description, read or being edited, with who else is editing it.</summary>
public sealed record GoalDescriptionModel(bool CanEdit, string Description, bool Editing, bool Preview, string Text, string? Error,
    string? ChangedBy, string? DraftStatus, bool Busy, ValueList<PresenceEntry> Presence, string UserId);

/// <summary>The tabs under the fields and what each shows.</summary>
public sealed record GoalTabsModel(int Tab, Guid PartnershipId, Guid GoalId, string UserId, bool CanEdit, ValueList<ContributionView> Contributions,
    ValueList<Organisations.OrganisationOption> Organisations, ValueList<IndicatorView> Indicators, GoalDescriptionModel Description);
