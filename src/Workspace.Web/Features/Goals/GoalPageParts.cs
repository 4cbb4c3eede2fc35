using Workspace.Web.Components.Common;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
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

    /// <summary>Opens the description as a co-typed text for the editor.</summary>
    Task<Result<CoTextState>> OpenDescriptionAsync(CancellationToken cancellationToken);

    void DescriptionDone();

    void ShowTab(int index);

    void Restored(FieldSave save);
}

/// <summary>The goal's heading: its title (or the title being edited), status, progress and who is here.</summary>
public sealed record GoalHeaderModel(string Title, GoalStatus Status, double? Progress, bool CanEdit, bool Editing, string Text, string? Error,
    bool Busy, ValueList<PresenceEntry> Presence, string UserId);

/// <summary>The description, read or being co-typed, with who else is editing it.</summary>
public sealed record GoalDescriptionModel(Guid PartnershipId, bool CanEdit, string Description, bool Editing, ValueList<PresenceEntry> Presence, string UserId);

/// <summary>The goal's fields (status, lead, owner, due date, parent) with the choices behind them.</summary>
public sealed record GoalFieldsModel(Guid GoalId, GoalFieldValues Fields, bool CanEdit, bool Busy, ValueList<Organisations.OrganisationOption> Organisations,
    ValueList<Members.MemberView> Members);

/// <summary>Who contributes what, and the organisations that could.</summary>
public sealed record ContributionsModel(Guid PartnershipId, Guid GoalId, string UserId, bool CanEdit, ValueList<ContributionView> Contributions,
    ValueList<Organisations.OrganisationOption> Organisations);

/// <summary>The goal's indicators as of <see cref="Today"/>, which decides each one's next milestone.</summary>
public sealed record IndicatorsModel(Guid PartnershipId, Guid GoalId, string UserId, bool CanEdit, ValueList<IndicatorView> Indicators, DateOnly Today);

/// <summary>The tabs under the fields and what each shows.</summary>
public sealed record GoalTabsModel(int Tab, Guid PartnershipId, Guid GoalId, string UserId, bool CanEdit, GoalDescriptionModel Description,
    ContributionsModel Contributions, IndicatorsModel Indicators);
