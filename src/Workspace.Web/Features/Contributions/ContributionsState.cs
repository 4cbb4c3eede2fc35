using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Contributions;

/// <summary>The filters of the register; null means any.</summary>
public sealed record ContributionFilter(Guid? OrganisationId = null, ContributionKind? Kind = null, ContributionStatus? Status = null, Guid? GoalId = null)
{
    public bool IsEmpty => OrganisationId is null && Kind is null && Status is null && GoalId is null;

    public bool Matches(ContributionEntry contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        return (OrganisationId is null || contribution.OrganisationId == OrganisationId)
            && (Kind is null || contribution.Kind == Kind)
            && (Status is null || contribution.Status == Status)
            && (GoalId is null || contribution.GoalIds.Contains(GoalId.Value));
    }
}

/// <summary>
/// A viewer's contributions register in memory: loaded once, then kept current by applying each
/// <see cref="ContributionChanged"/> (the contribution's new picture) without reading the database.
/// An older picture arriving after a newer one is ignored by its version.
/// </summary>
public sealed class ContributionsState
{
    private readonly Guid _partnershipId;
    private Dictionary<Guid, ContributionEntry> _contributions;
    // Removal is final: a save of a removed contribution arriving late must not bring it back.
    private readonly HashSet<Guid> _removed = [];
    private ContributionTotals? _totals;

    public ContributionsState(Guid partnershipId, ContributionsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        _partnershipId = partnershipId;
        View = view;
        _contributions = view.Contributions.Where(c => !c.IsRemoved).ToDictionary(c => c.Id);
    }

    public ContributionsView View { get; private set; }

    /// <summary>Every contribution, newest period first, then by organisation.</summary>
    public IReadOnlyList<ContributionEntry> Contributions => View.Contributions;

    public ContributionTotals Totals => _totals ??= ContributionTotals.Of(_contributions.Values);

    public IReadOnlyList<ContributionEntry> Filtered(ContributionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return [.. View.Contributions.Where(filter.Matches)];
    }

    /// <summary>
    /// True when the event changes whom the viewer may record for, the partners or the goals to choose
    /// from: those come with the page, so it is read again (<see cref="Resync"/>).
    /// </summary>
    public bool ChangesChoices(PartnershipEvent change) => change.PartnershipId == _partnershipId && change switch
    {
        MemberJoined or MemberRemoved or MemberRoleChanged => true,
        GoalSaved saved => View.Goals.FirstOrDefault(g => g.Id == saved.Goal.Id)?.Title != saved.Goal.Title,
        _ => false,
    };

    /// <summary>Applies a live event; true when it changed what the register shows. Only contributions travel with their data.</summary>
    public bool Apply(PartnershipEvent change) =>
        change is ContributionChanged contribution && contribution.PartnershipId == _partnershipId && Apply(contribution);

    /// <summary>Applies a live change; true when it changed what the register shows.</summary>
    public bool Apply(ContributionChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var incoming = change.Contribution;
        if (_contributions.TryGetValue(incoming.Id, out var known) && known.Version >= incoming.Version)
        {
            return false;
        }

        if (_removed.Contains(incoming.Id))
        {
            return false;
        }

        if (incoming.IsRemoved)
        {
            _removed.Add(incoming.Id);
            if (!_contributions.Remove(incoming.Id))
            {
                return false;
            }
        }
        else
        {
            _contributions[incoming.Id] = incoming;
        }

        _totals = null;
        View = View with { Contributions = Sorted(_contributions.Values) };
        return true;
    }

    /// <summary>Takes the register as read again; a contribution removed meanwhile stays removed.</summary>
    public void Resync(ContributionsView fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        _contributions = fresh.Contributions.Where(c => !c.IsRemoved && !_removed.Contains(c.Id)).ToDictionary(c => c.Id);
        _totals = null;
        View = fresh with { Contributions = Sorted(_contributions.Values) };
    }

    public static IReadOnlyList<ContributionEntry> Sorted(IEnumerable<ContributionEntry> contributions) =>
        [.. contributions.OrderByDescending(c => c.PeriodStart).ThenBy(c => c.OrganisationName, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];
}
