using Workspace.Tests.Support;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Publication;

namespace Workspace.Tests.Features.Publication;

/// <summary>What the public loader shows: only what was chosen, dissent by organisation, names only of those who opted in.</summary>
public sealed class PublicResultsViewTests : ServiceTestBase
{
    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _hiddenGoal;
    private readonly Guid _indicator;
    private readonly Guid _hiddenIndicator;
    private readonly Guid _decision;
    private readonly Guid _hiddenDecision;

    public PublicResultsViewTests()
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve food waste", ownerUserId: _cara);
        _hiddenGoal = Db.AddGoal(_partnership, "Internal restructuring");
        _indicator = Db.AddIndicator(_goal, "Tonnes wasted", 100, 50, IndicatorDirection.Decrease);
        _hiddenIndicator = Db.AddIndicator(_goal, "Staff sick days", 10, 5);
        _decision = Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Fund the app", e =>
        {
            e.ClosedUtc = DateTime.UtcNow;
            e.Outcome = "Agreed with conditions.";
        });
        _hiddenDecision = Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Close the office");
        using var db = Db.CreateDbContext();
        db.CheckIns.Add(new CheckIn { Id = Guid.NewGuid(), IndicatorId = _indicator, Value = 75, AsOf = new DateOnly(2026, 10, 1), RecordedByUserId = _fran, RecordedUtc = DateTime.UtcNow });
        db.DecisionPositions.Add(new DecisionPosition { Id = Guid.NewGuid(), EntryId = _decision, UserId = _cara, OrganisationId = _bank, Position = Position.Objects, Reason = "Cara's private reason", RecordedUtc = DateTime.UtcNow });
        db.DecisionPositions.Add(new DecisionPosition { Id = Guid.NewGuid(), EntryId = _decision, UserId = _fran, OrganisationId = _council, Position = Position.Agree, RecordedUtc = DateTime.UtcNow });
        db.SaveChanges();
    }

    private async Task PublishAsync()
    {
        var service = new PublicationService(Db, Events, Clock);
        var input = new ProposalInput
        {
            Slug = "food-security",
            Title = "Food Security results",
            Summary = "What we achieved.",
            GoalIds = [_goal],
            IndicatorIds = [_indicator],
            DecisionIds = [_decision],
        };
        Assert.True((await service.ProposeAsync(_fran, _partnership, input, 0, Ct)).Succeeded);
        Assert.True((await service.ConsentAsync(_fran, _partnership, _council, 1, Ct)).Succeeded);
        Assert.True((await service.ConsentAsync(_cara, _partnership, _bank, 1, Ct)).Succeeded);
    }

    private void OptIn(string userId)
    {
        using var db = Db.CreateDbContext();
        db.Users.Single(u => u.Id == userId).ShowNameOnPublicPages = true;
        db.SaveChanges();
    }

    [Fact]
    public async Task Page_ShowsOnlyTheChosenGoalsIndicatorsAndDecisions()
    {
        // Arrange
        await PublishAsync();

        // Act
        var page = (await new PublicResultsView(Db, Clock).LoadAsync("food-security", Ct))!;

        // Assert
        Assert.Equal([_goal], page.Goals.Items.Select(g => g.Id));
        Assert.Equal([_indicator], page.Indicators.Select(i => i.Id));
        Assert.Equal([_decision], page.Decisions.Items.Select(d => d.Id));
        Assert.DoesNotContain(page.Goals.Items, g => g.Id == _hiddenGoal);
        Assert.DoesNotContain(page.Indicators, i => i.Id == _hiddenIndicator);
        Assert.DoesNotContain(page.Decisions.Items, d => d.Id == _hiddenDecision);
        Assert.Equal(0.5, page.Goals.Items[0].Progress);
        Assert.Equal([75.0], page.Indicators[0].Trend.Select(t => t.Value));
        Assert.Equal("Agreed with conditions.", page.Decisions.Items[0].Outcome);
        Assert.Equal(["Northern Bank", "Riverside Council"], page.Partners.Items.Select(p => p.Name).Order());
    }

    [Fact]
    public async Task AGoalsProgress_CountsOnlyItsPublishedIndicators()
    {
        // Arrange: the unpublished indicator is far behind; counted, it would pull the goal to 25 %.
        await PublishAsync();
        using (var db = Db.CreateDbContext())
        {
            db.CheckIns.Add(new CheckIn { Id = Guid.NewGuid(), IndicatorId = _hiddenIndicator, Value = 10, AsOf = new DateOnly(2026, 10, 1), RecordedByUserId = _fran, RecordedUtc = DateTime.UtcNow });
            db.SaveChanges();
        }

        // Act
        var page = (await new PublicResultsView(Db, Clock).LoadAsync("food-security", Ct))!;

        // Assert
        Assert.Equal(0.5, page.Goals.Items[0].Progress);
    }

    [Fact]
    public async Task Dissent_IsListedByOrganisation_WithoutPeopleOrReasons()
    {
        // Arrange
        await PublishAsync();

        // Act
        var page = (await new PublicResultsView(Db, Clock).LoadAsync("food-security", Ct))!;

        // Assert
        var dissent = Assert.Single(page.Decisions.Items[0].Dissent);
        Assert.Equal(new PublicDissent("Northern Bank", Position.Objects), dissent);
        Assert.DoesNotContain("private reason", page.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPersonIsNamed_UnlessTheyOptedIn()
    {
        // Arrange
        await PublishAsync();

        // Act
        var hidden = (await new PublicResultsView(Db, Clock).LoadAsync("food-security", Ct))!;
        OptIn(_cara);
        var named = (await new PublicResultsView(Db, Clock).LoadAsync("food-security", Ct))!;

        // Assert
        Assert.Null(hidden.Goals.Items[0].Owner);
        Assert.All(hidden.Partners.Items, p => Assert.Null(p.ConsentedBy));
        Assert.DoesNotContain("Cara", hidden.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Fran", hidden.ToString(), StringComparison.Ordinal);
        Assert.Equal("Cara Contributor", named.Goals.Items[0].Owner);
        Assert.Equal("Cara Contributor", named.Partners.Items.Single(p => p.Name == "Northern Bank").ConsentedBy);
        Assert.Null(named.Partners.Items.Single(p => p.Name == "Riverside Council").ConsentedBy);
    }

    [Theory]
    [InlineData("food-security-unknown")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    [InlineData("FOOD-SECURITY")]
    public async Task UnknownOrGarbageSlug_LoadsNothing(string slug)
    {
        // Arrange
        await PublishAsync();

        // Act / Assert (control: the real slug loads)
        Assert.Null(await new PublicResultsView(Db, Clock).LoadAsync(slug, Ct));
        Assert.NotNull(await new PublicResultsView(Db, Clock).LoadAsync("food-security", Ct));
    }
}
