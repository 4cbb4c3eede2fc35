using System.Security.Claims;
using Workspace.Web.Components.Common;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Publication;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// The public results page (<c>/public/{slug}</c>) on the watchers' path, keyed by its slug. Anyone may
/// watch it while it is published, by the page's own rule (<see cref="PublicResultsView"/>), so an
/// unknown slug, a missing consent and a withdrawn one are refused alike. Its model is the page as
/// <see cref="PublicResultsView"/> loads it, loaded again after a burst of the partnership's events
/// (decision 018): the loader alone decides who is named and what is published.
/// </summary>
public sealed class PublicLiveView(IServiceScopeFactory scopes, TimeProvider clock) : ILiveView
{
    public const string KindName = "public";

    public const string NoLongerPublished = "These results are no longer published.";

    public string Kind => KindName;

    public async Task<bool> MayWatchAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PublicResultsView>().IsLiveAsync(key, cancellationToken);
    }

    public async Task<LiveModel?> LoadAsync(ClaimsPrincipal user, string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PublicResultsView>().LoadAsync(key, cancellationToken) is { } results
            ? new PublicLiveModel(results)
            : null;
    }

    public IReadOnlyList<LiveFragment> WarmUpFragments() =>
        PublicFragments.Of(new PublicResults(
            Guid.Empty, "warm-up", new PublicHeader("", "", "", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)),
            new PublicGoals(ValueList<PublicGoal>.Empty),
            ValueList<PublicIndicator>.Of([new PublicIndicator(Guid.Empty, "", "", "", 0, 1, IndicatorDirection.Increase, ValueList<TrendPoint>.Empty)]),
            new PublicDecisions(ValueList<PublicDecision>.Empty), new PublicPartners(ValueList<PublicPartner>.Empty)));

    /// <summary>
    /// The page as loaded. Events are not applied in memory: the page's rules (consent, who opted in to
    /// being named, what was chosen) live in one loader, and reusing it is what keeps them in one place.
    /// </summary>
    private sealed class PublicLiveModel(PublicResults results) : LiveModel
    {
        public override Guid PartnershipId => results.PartnershipId;

        public override bool Apply(PartnershipEvent change) => false;

        // Presence and carets say who is looking or typing, not what the page shows (as for the page's output cache).
        public override bool ReloadsOn(PartnershipEvent change) => change is not IEphemeralEvent;

        // Nobody watches as a member: whether the page is still published is the only right, asked on each load.
        public override string? RevokedUserId(PartnershipEvent change) => null;

        public override bool SameForEveryone => true;

        public override string GoneMessage => NoLongerPublished;

        public override IReadOnlyList<LiveFragment> Fragments() => PublicFragments.Of(results);
    }
}
