using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.LiveViews;

namespace Workspace.Web.Features.Dashboard;

public enum WallSection
{
    Status,
    Goals,
    Indicators,
    Actions,
    Risks,
    Decisions,
    Balance,
}

/// <summary>
/// The dashboard for a screen on the wall: one section at a time in large type, moving on every few
/// seconds (wall-view.js), kept current by the live hub (<see cref="WallLiveView"/>) and fetching the
/// whole view again after a lost connection (live-view.js).
/// </summary>
public sealed partial class WallPage
{
    private static readonly WallSection[] Sections = Enum.GetValues<WallSection>();

    private IReadOnlyList<LiveFragment>? _fragments;

    [Parameter]
    public Guid PartnershipId { get; set; }

    /// <summary>Seconds per section (5–300), from <c>?seconds=</c>; 15 by default.</summary>
    [SupplyParameterFromQuery(Name = "seconds")]
    public int? SecondsParameter { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private DashboardService Dashboards { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private int Seconds => Math.Clamp(SecondsParameter ?? 15, 5, 300);

    private string Name => (string)Fragment(WallFragments.NameId).Model;

    public static string SectionName(WallSection section) => section switch
    {
        WallSection.Status => "Delivery status",
        WallSection.Goals => "Goals needing attention",
        WallSection.Indicators => "Indicators to watch",
        WallSection.Actions => "Overdue actions",
        WallSection.Risks => "Open risks",
        WallSection.Decisions => "Recent decisions",
        _ => "Balance by sector and organisation",
    };

    protected override async Task OnInitializedAsync()
    {
        var userId = (await AuthenticationState).User.GetUserId();
        if ((await Dashboards.LoadAsync(userId, PartnershipId)).Value is not { } state)
        {
            Navigation.NotFound();
            return;
        }

        _fragments = WallFragments.Of(state, Dashboards.Today);
    }

    private LiveFragment Fragment(string id) => _fragments!.First(f => f.ElementId == id);
}
