using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Features.Contributions;

public sealed class ContributionsStateTests
{
    private static readonly Guid Partnership = Guid.NewGuid();
    private static readonly Guid Bank = Guid.NewGuid();
    private static readonly Guid Council = Guid.NewGuid();
    private static readonly Guid Goal = Guid.NewGuid();

    private static ContributionEntry Contribution(Guid organisation, ContributionKind kind, long version = 1, decimal? amount = null, string? currency = null,
        decimal? days = null, ContributionStatus status = ContributionStatus.Committed, Guid? id = null, IReadOnlyList<Guid>? goals = null) =>
        new(id ?? Guid.NewGuid(), organisation, organisation == Bank ? "Northern Bank" : "Riverside Council", organisation == Bank ? Sector.Private : Sector.Public,
            kind, "Something", amount, currency, days, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), status, null, goals ?? [], "Cara", default, version);

    private static ContributionsState StateWith(params ContributionEntry[] contributions) =>
        new(Partnership, new ContributionsView(contributions, [], [], new ContributionPermissions([], null), "GBP"));

    [Fact]
    public void ANewContributionFromAnotherPartner_IsAddedAndCounted()
    {
        // Arrange
        var state = StateWith(Contribution(Bank, ContributionKind.Money, amount: 100, currency: "GBP"));
        Assert.Equal(1, state.Totals.All.Count);

        // Act
        var changed = state.Apply(new ContributionChanged(Partnership, "someone", Contribution(Council, ContributionKind.StaffTime, days: 4)));

        // Assert
        Assert.True(changed);
        Assert.Equal(2, state.Contributions.Count);
        Assert.Equal((2, 4m), (state.Totals.All.Count, state.Totals.All.Days));
    }

    [Fact]
    public void AnOlderPictureArrivingLate_IsIgnored()
    {
        // Arrange
        var id = Guid.NewGuid();
        var state = StateWith(Contribution(Bank, ContributionKind.Money, version: 3, amount: 300, currency: "GBP", id: id));

        // Act
        var stale = state.Apply(new ContributionChanged(Partnership, null, Contribution(Bank, ContributionKind.Money, version: 2, amount: 200, currency: "GBP", id: id)));
        var newer = state.Apply(new ContributionChanged(Partnership, null, Contribution(Bank, ContributionKind.Money, version: 4, amount: 400, currency: "GBP", id: id)));

        // Assert
        Assert.False(stale);
        Assert.True(newer);
        Assert.Equal(400m, state.Totals.All.Money.In("GBP"));
    }

    [Fact]
    public void ARemoval_TakesTheContributionOut_AndALateSaveDoesNotBringItBack()
    {
        // Arrange
        var id = Guid.NewGuid();
        var state = StateWith(Contribution(Bank, ContributionKind.Expertise, id: id));

        // Act
        var removed = state.Apply(new ContributionChanged(Partnership, null, Contribution(Bank, ContributionKind.Expertise, version: 3, id: id) with { IsRemoved = true }));
        var late = state.Apply(new ContributionChanged(Partnership, null, Contribution(Bank, ContributionKind.Expertise, version: 2, id: id)));

        // Assert
        Assert.True(removed);
        Assert.False(late);
        Assert.Empty(state.Contributions);
        Assert.Equal(0, state.Totals.All.Count);
    }

    [Fact]
    public void Filters_CombineOrganisationKindStatusAndGoal()
    {
        // Arrange
        var state = StateWith(
            Contribution(Bank, ContributionKind.Money, amount: 1, currency: "GBP", goals: [Goal]),
            Contribution(Bank, ContributionKind.Money, amount: 1, currency: "GBP", status: ContributionStatus.Delivered),
            Contribution(Council, ContributionKind.Money, amount: 1, currency: "GBP", goals: [Goal]),
            Contribution(Bank, ContributionKind.Networks, goals: [Goal]));

        // Act
        var filtered = state.Filtered(new ContributionFilter(Bank, ContributionKind.Money, ContributionStatus.Committed, Goal));

        // Assert
        var only = Assert.Single(filtered);
        Assert.Equal((Bank, ContributionKind.Money, ContributionStatus.Committed), (only.OrganisationId, only.Kind, only.Status));
        Assert.Equal(4, state.Filtered(new ContributionFilter()).Count);
    }

    [Fact]
    public void MoneyInDifferentCurrencies_StaysApart()
    {
        var state = StateWith(
            Contribution(Bank, ContributionKind.Money, amount: 100, currency: "GBP"),
            Contribution(Council, ContributionKind.Money, amount: 50, currency: "EUR"),
            Contribution(Council, ContributionKind.Money, amount: 25, currency: "GBP"));

        Assert.Equal([("EUR", 50m), ("GBP", 125m)], state.Totals.All.Money.Amounts);
        Assert.Equal("3 (0 delivered) · EUR 50 · GBP 125", state.Totals.All.Summary());
    }
}
