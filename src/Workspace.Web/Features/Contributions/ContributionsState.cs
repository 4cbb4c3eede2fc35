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
    private readonly Dictionary<Guid, ContributionEntry> _contributions;
    // Removal is final: a save of a removed contribution arriving late must not bring it back.
    private readonly HashSet<Guid> _removed = [];
    private ContributionTotals? _totals;

    public ContributionsState(ContributionsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
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

    public static IReadOnlyList<ContributionEntry> Sorted(IEnumerable<ContributionEntry> contributions) =>
        [.. contributions.OrderByDescending(c => c.PeriodStart).ThenBy(c => c.OrganisationName, StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Id)];
}
