using Microsoft.AspNetCore.Components;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// The dashboard, wall and report pages: load the dashboard once, then apply each live event's data
/// to it in memory. No event makes a viewer read the database, and the page renders only when an event
/// changed one of its parts.
/// </summary>
public abstract class DashboardPageBase : PartnershipPageBase
{
    [Inject]
    protected DashboardService Dashboards { get; set; } = default!;

    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    /// <summary>The dashboard in memory; null until loaded or for a non-member.</summary>
    protected DashboardState? State { get; private set; }

    /// <summary>The parts as shown now, one model each; null until loaded or for a non-member.</summary>
    protected DashboardParts? Parts { get; private set; }

    /// <summary>When a live change last altered the figures.</summary>
    protected DateTime? LastChangeUtc { get; private set; }

    /// <summary>
    /// Whether the first, static render also loads the figures. The interactive page loads them again
    /// moments later, so a page read on screen skips the first load and shows its loading state instead:
    /// one load per view rather than two. Pages read without a live connection (the printable report)
    /// keep it.
    /// </summary>
    protected virtual bool LoadBeforeInteractive => true;

    protected override async Task<bool> LoadAsync()
    {
        if (!RendererInfo.IsInteractive && !LoadBeforeInteractive)
        {
            return await Dashboards.CanSeeAsync(UserId, PartnershipId);
        }

        var result = await Dashboards.LoadAsync(UserId, PartnershipId);
        (State, Parts, LastChangeUtc) = (result.Value, null, null);
        Recompute();
        return result.Succeeded;
    }

    protected override Task<bool> ApplyEventAsync(PartnershipEvent change) =>
        Task.FromResult(State is not null && State.Apply(change, UserId) && Recompute());

    protected override async Task ResyncAsync()
    {
        var result = await Dashboards.LoadAsync(UserId, PartnershipId);
        if (result.Succeeded)
        {
            State = result.Value;
            Recompute();
        }
    }

    /// <summary>Computes the parts again from memory, e.g. when the date moves on; true when one changed.</summary>
    protected bool Recompute()
    {
        var before = Parts;
        Parts = State?.Parts(Dashboards.Today);
        if (before is null || Equals(before, Parts))
        {
            return false;
        }

        LastChangeUtc = Clock.GetUtcNow().UtcDateTime;
        return true;
    }
}
