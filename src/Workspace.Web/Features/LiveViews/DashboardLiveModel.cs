using Workspace.Web.Features.Dashboard;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The wall's or the followed dashboard's model: a <see cref="DashboardState"/> kept current by the events'
/// data (no database read per event), cut into fragments by <paramref name="fragments"/>, the same
/// function the page renders with.
/// </summary>
public sealed class DashboardLiveModel(DashboardState state, TimeProvider clock, Func<DashboardState, DateOnly, IReadOnlyList<LiveFragment>> fragments)
    : LiveModel
{
    public override Guid PartnershipId => state.PartnershipId;

    // No viewer: the watchers share one model, and nothing on these pages depends on who looks.
    public override bool Apply(PartnershipEvent change) => state.Apply(change, "");

    public override IReadOnlyList<LiveFragment> Fragments() =>
        fragments(state, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
}

/// <summary>The wall (<c>/p/{id}/wall</c>) on the watchers' path.</summary>
public sealed class WallLiveView(IServiceScopeFactory scopes, TimeProvider clock) : PartnershipLiveView(scopes)
{
    public const string KindName = "wall";

    public override string Kind => KindName;

    protected override Task<bool> MayWatchAsync(IServiceProvider services, string userId, Guid partnershipId, CancellationToken cancellationToken) =>
        services.GetRequiredService<DashboardService>().CanSeeAsync(userId, partnershipId, cancellationToken);

    protected override async Task<LiveModel?> LoadAsync(IServiceProvider services, string userId, Guid partnershipId, CancellationToken cancellationToken) =>
        (await services.GetRequiredService<DashboardService>().LoadAsync(userId, partnershipId, cancellationToken)).Value is { } state
            ? new DashboardLiveModel(state, clock, WallFragments.Of)
            : null;

    public override IReadOnlyList<LiveFragment> WarmUpFragments() => WallFragments.Of(DashboardState.Sample(), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
}

/// <summary>The read-only dashboard followed live (<c>/p/{id}/follow</c>).</summary>
public sealed class FollowLiveView(IServiceScopeFactory scopes, TimeProvider clock) : PartnershipLiveView(scopes)
{
    public const string KindName = "follow";

    public override string Kind => KindName;

    protected override Task<bool> MayWatchAsync(IServiceProvider services, string userId, Guid partnershipId, CancellationToken cancellationToken) =>
        services.GetRequiredService<DashboardService>().CanSeeAsync(userId, partnershipId, cancellationToken);

    protected override async Task<LiveModel?> LoadAsync(IServiceProvider services, string userId, Guid partnershipId, CancellationToken cancellationToken) =>
        (await services.GetRequiredService<DashboardService>().LoadAsync(userId, partnershipId, cancellationToken)).Value is { } state
            ? new DashboardLiveModel(state, clock, FollowFragments.Of)
            : null;

    public override IReadOnlyList<LiveFragment> WarmUpFragments() => FollowFragments.Of(DashboardState.Sample(), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
}
