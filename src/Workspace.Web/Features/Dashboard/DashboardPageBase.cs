using Microsoft.AspNetCore.Components;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// The dashboard, wall and report pages: load the dashboard once, then apply each live event's data
/// to it in memory. No event makes a viewer read the database.
/// </summary>
public abstract class DashboardPageBase : PartnershipPageBase
{
    private DashboardState? _state;

    [Inject]
    protected DashboardService Dashboards { get; set; } = default!;

    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    /// <summary>The figures as shown now; null until loaded or for a non-member.</summary>
    protected DashboardView? View { get; private set; }

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
        _state = result.Value;
        Recompute();
        return result.Succeeded;
    }

    protected override Task OnEventAsync(PartnershipEvent change)
    {
        if (_state is not null && _state.Apply(change, UserId))
        {
            Recompute();
            LastChangeUtc = Clock.GetUtcNow().UtcDateTime;
        }

        return Task.CompletedTask;
    }

    /// <summary>Computes the figures again from memory, e.g. when the date moves on.</summary>
    protected void Recompute() => View = _state?.View(Dashboards.Today);
}
