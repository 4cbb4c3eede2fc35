using Workspace.Web.Components.Common;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// Everything a public results page shows, loaded by one call (<see cref="PublicResultsView"/>). It holds
/// no person's name unless that person opted in. Each part is one immutable record that compares by
/// value, rendered by one component inside an element with a stable id.
/// </summary>
public sealed record PublicResults(
    Guid PartnershipId,
    string Slug,
    PublicHeader Header,
    PublicGoals Goals,
    ValueList<PublicIndicator> Indicators,
    PublicDecisions Decisions,
    PublicPartners Partners);

/// <summary>The page's title, summary, the partnership's name and when its data was read.</summary>
public sealed record PublicHeader(string Title, string Summary, string PartnershipName, DateOnly AsOf);

/// <summary>The chosen goals (element id <c>public-goals</c>).</summary>
public sealed record PublicGoals(ValueList<PublicGoal> Items);

/// <summary>A goal with its status and progress; <see cref="Owner"/> only when the owner opted in to being named.</summary>
public sealed record PublicGoal(Guid Id, string Title, GoalStatus Status, double? Progress, string? LeadOrganisation, string? Owner, DateOnly? DueDate);

/// <summary>A chosen indicator with its recent trend (element id <c>public-indicator-{id}</c>).</summary>
public sealed record PublicIndicator(
    Guid Id,
    string Name,
    string Unit,
    string GoalTitle,
    double Baseline,
    double Target,
    IndicatorDirection Direction,
    ValueList<TrendPoint> Trend)
{
    public double? Progress => Trend.Count == 0 ? null : GoalProgress.Of(Direction, Baseline, Target, Trend[^1].Value);

    /// <summary>The indicator in the shape the dashboard's sparkline draws (no confidences: those are members' own).</summary>
    public DashboardIndicator ForChart() =>
        new(Id, Guid.Empty, Name, Unit, Baseline, Target, Direction, [], Trend, Trend.Count, []);
}

/// <summary>The chosen decisions (element id <c>public-decisions</c>).</summary>
public sealed record PublicDecisions(ValueList<PublicDecision> Items);

/// <summary>A decision, its outcome once decided, and the organisations that recorded concerns or objections.</summary>
public sealed record PublicDecision(Guid Id, string Title, DateTime? DecidedUtc, string? Outcome, ValueList<PublicDissent> Dissent);

/// <summary>Dissent by organisation, never by person.</summary>
public sealed record PublicDissent(string Organisation, Position Position);

/// <summary>The partner organisations by sector (element id <c>public-partners</c>), each having consented.</summary>
public sealed record PublicPartners(ValueList<PublicPartner> Items);

/// <summary>A partner organisation; <see cref="ConsentedBy"/> only when the person who consented opted in to being named.</summary>
public sealed record PublicPartner(string Name, Sector Sector, string? ConsentedBy, DateTime ConsentedUtc);
