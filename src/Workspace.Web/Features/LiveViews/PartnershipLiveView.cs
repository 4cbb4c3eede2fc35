using System.Security.Claims;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// A view of one partnership's data, keyed by the partnership's id: only its members may watch it, as
/// only they may open its interactive pages (the services' membership checks decide both).
/// </summary>
public abstract class PartnershipLiveView(IServiceScopeFactory scopes) : ILiveView
{
    public abstract string Kind { get; }

    public static bool TryParseKey(string key, out Guid partnershipId) => Guid.TryParseExact(key, "D", out partnershipId);

    public Guid? PartnershipOf(string key) => TryParseKey(key, out var partnershipId) ? partnershipId : null;

    public async Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!TryParseKey(key, out var partnershipId) || user.GetUserId() is not { } userId)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await MayWatchAsync(scope.ServiceProvider, userId, partnershipId, cancellationToken);
    }

    public async Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!TryParseKey(key, out var partnershipId) || user.GetUserId() is not { } userId)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await LoadAsync(scope.ServiceProvider, userId, partnershipId, cancellationToken);
    }

    public abstract IReadOnlyList<LiveFragment> WarmUpFragments();

    protected abstract Task<bool> MayWatchAsync(IServiceProvider services, string userId, Guid partnershipId, CancellationToken cancellationToken);

    protected abstract Task<LiveModel?> LoadAsync(IServiceProvider services, string userId, Guid partnershipId, CancellationToken cancellationToken);
}
