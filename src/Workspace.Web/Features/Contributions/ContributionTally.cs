using System.Globalization;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Contributions;

/// <summary>Money summed per currency, in currency order: amounts in different currencies are never added together.</summary>
public sealed class MoneyTotals : IEquatable<MoneyTotals>
{
    public static readonly MoneyTotals None = new([]);

    private MoneyTotals(IReadOnlyList<(string Currency, decimal Amount)> amounts) => Amounts = amounts;

    public IReadOnlyList<(string Currency, decimal Amount)> Amounts { get; }

    public bool IsEmpty => Amounts.Count == 0;

    public static MoneyTotals Of(string currency, decimal amount) => new([(currency, amount)]);

    public MoneyTotals Plus(MoneyTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        return new([.. Amounts.Concat(other.Amounts)
            .GroupBy(a => a.Currency, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(a => a.Amount)))
            .OrderBy(a => a.Key, StringComparer.Ordinal)]);
    }

    public decimal In(string currency) => Amounts.Where(a => a.Currency == currency).Sum(a => a.Amount);

    /// <summary>Each currency's total, e.g. "EUR 2,000 · GBP 15,500"; empty when there is none.</summary>
    public override string ToString() =>
        string.Join(" · ", Amounts.Select(a => $"{a.Currency} {a.Amount.ToString("#,0.##", CultureInfo.InvariantCulture)}"));

    public bool Equals(MoneyTotals? other) => other is not null && Amounts.SequenceEqual(other.Amounts);

    public override bool Equals(object? obj) => Equals(obj as MoneyTotals);

    public override int GetHashCode() => Amounts.Count == 0 ? 0 : HashCode.Combine(Amounts.Count, Amounts[0]);
}

/// <summary>
/// Contributions added up: how many are committed and how many delivered (every kind counts), the staff
/// days, and the money per currency. Non-monetary contributions are counted, never left out.
/// </summary>
public sealed record ContributionTally(int Committed, int Delivered, decimal Days, MoneyTotals Money)
{
    public static readonly ContributionTally None = new(0, 0, 0, MoneyTotals.None);

    public int Count => Committed + Delivered;

    public static ContributionTally Of(ContributionEntry contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var delivered = contribution.Status == ContributionStatus.Delivered;
        return new(delivered ? 0 : 1, delivered ? 1 : 0,
            contribution.Kind == ContributionKind.StaffTime ? contribution.Days ?? 0 : 0,
            contribution is { Kind: ContributionKind.Money, Amount: { } amount, Currency: { } currency } ? MoneyTotals.Of(currency, amount) : MoneyTotals.None);
    }

    public ContributionTally Plus(ContributionTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Committed + other.Committed, Delivered + other.Delivered, Days + other.Days, Money.Plus(other.Money));
    }

    public static string FormatDays(decimal days) => days.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>A short summary, e.g. "3 (1 delivered) · 12 staff days · GBP 5,000".</summary>
    public string Summary()
    {
        if (Count == 0)
        {
            return "None";
        }

        var parts = new List<string> { $"{Count} ({Delivered} delivered)" };
        if (Days > 0)
        {
            parts.Add($"{FormatDays(Days)} staff days");
        }

        if (!Money.IsEmpty)
        {
            parts.Add(Money.ToString());
        }

        return string.Join(" · ", parts);
    }
}

public sealed record KindTotal(ContributionKind Kind, ContributionTally Tally);

public sealed record OrganisationTotal(Guid OrganisationId, string Name, Sector Sector, ContributionTally Tally);

public sealed record SectorTotal(Sector Sector, ContributionTally Tally);

/// <summary>The register's totals: by kind (every kind, so an absent kind shows as none), by organisation and by sector.</summary>
public sealed record ContributionTotals(ContributionTally All, IReadOnlyList<KindTotal> ByKind, IReadOnlyList<OrganisationTotal> ByOrganisation, IReadOnlyList<SectorTotal> BySector)
{
    public static ContributionTotals Of(IEnumerable<ContributionEntry> contributions)
    {
        var counted = contributions.Where(c => !c.IsRemoved).ToList();
        ContributionTally Sum(IEnumerable<ContributionEntry> items) => items.Aggregate(ContributionTally.None, (sum, c) => sum.Plus(ContributionTally.Of(c)));
        return new(
            Sum(counted),
            [.. Enum.GetValues<ContributionKind>().Select(kind => new KindTotal(kind, Sum(counted.Where(c => c.Kind == kind))))],
            [.. counted.GroupBy(c => c.OrganisationId)
                .Select(g => new OrganisationTotal(g.Key, g.First().OrganisationName, g.First().Sector, Sum(g)))
                .OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)],
            [.. counted.GroupBy(c => c.Sector).OrderBy(g => g.Key).Select(g => new SectorTotal(g.Key, Sum(g)))]);
    }
}
