using System.Security.Claims;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The workshop's room screen on the watchers' path, keyed <c>{partnership}/{workshop}</c>. It shows only
/// what everyone in the room may see (<see cref="WorkshopService.RoomAsync"/>), so one model serves all.
/// </summary>
public sealed class RoomScreenLiveView(IServiceScopeFactory scopes) : ILiveView
{
    public const string KindName = "room";

    public string Kind => KindName;

    public async Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken) =>
        await LoadAsync(user, key, cancellationToken) is not null;

    public async Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!RoomScreenFragments.TryParseKey(key, out var partnershipId, out var workshopId) || user.GetUserId() is not { } userId)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var room = await scope.ServiceProvider.GetRequiredService<WorkshopService>().RoomAsync(userId, partnershipId, workshopId, cancellationToken);
        return room.Value is { } detail ? new RoomScreenLiveModel(new RoomScreenState(partnershipId, detail), partnershipId) : null;
    }

    public Guid? PartnershipOf(string key) => RoomScreenFragments.TryParseKey(key, out var partnershipId, out _) ? partnershipId : null;

    public IReadOnlyList<LiveFragment> WarmUpFragments() => RoomScreenFragments.Of(new RoomScreenModel("", WorkshopState.Planned, null));

    private sealed class RoomScreenLiveModel(RoomScreenState state, Guid partnershipId) : LiveModel
    {
        public override Guid PartnershipId => partnershipId;

        public override bool Apply(PartnershipEvent change) => state.Apply(change);

        public override IReadOnlyList<LiveFragment> Fragments() => RoomScreenFragments.Of(state.Model);
    }
}
