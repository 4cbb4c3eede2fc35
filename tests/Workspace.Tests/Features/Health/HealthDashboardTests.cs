using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Health;

/// <summary>The dashboard shows partnership health beside the delivery status, and a round closed elsewhere renders only that panel.</summary>
public sealed class HealthDashboardTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly string _olga;
    private readonly Guid _partnership;

    public HealthDashboardTests()
    {
        _ana = Db.AddPerson("Ana Costa", organisationId: Db.AddOrganisation("Youth Justice Unit", Sector.Public));
        _olga = Db.AddPerson("Olga Owusu", organisationId: Db.AddOrganisation("SafeRoute", Sector.Private));
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator), (_olga, PartnershipRole.Observer));
    }

    private HealthService OtherCircuit => new(Db, Events, Clock, new LogService(Db, Events, Clock));

    private async Task RoundAsync(int number, int anasEquity, int olgasEquity)
    {
        await OtherCircuit.OpenRoundAsync(_ana, _partnership, anonymous: false, closesOn: null, Ct);
        foreach (var (person, equity) in new[] { (_ana, anasEquity), (_olga, olgasEquity) })
        {
            await OtherCircuit.AnswerAsync(person, _partnership, number,
                [.. Enum.GetValues<HealthPrinciple>().Select(p => new AnswerInput(p, p == HealthPrinciple.Equity ? equity : 4, null))], Ct);
        }

        await OtherCircuit.CloseRoundAsync(_ana, _partnership, number, Ct);
    }

    [Fact]
    public async Task ARoundClosedElsewhere_ShowsBesideTheDeliveryStatus_WithItsTrend_AndRendersOnlyThatPanel()
    {
        // Arrange: one round closed before the dashboard opens.
        await RoundAsync(1, anasEquity: 5, olgasEquity: 3);
        SignInAs(_olga, "Olga Owusu");
        var page = RenderInteractive<DashboardPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.Contains("Green · 4.0", page.Find("[data-principle='Equity']").TextContent, StringComparison.Ordinal));
        var status = page.FindComponent<StatusSummary>();
        var statusRenders = status.RenderCount;
        Assert.Equal(["Delivery status", "Partnership health"], page.FindAll(".health-panels h2").Select(h => h.TextContent));

        // Act
        await RoundAsync(2, anasEquity: 4, olgasEquity: 1);

        // Assert
        page.WaitForAssertion(() => Assert.Contains("Red · 2.5", page.Find("[data-principle='Equity']").TextContent, StringComparison.Ordinal));
        Assert.Contains("partners differ", page.Find("[data-principle='Equity']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Equity over rounds 1 to 2: 4.0, 2.5", page.Find("[data-principle='Equity'] svg").GetAttribute("aria-label"));
        Assert.Equal(statusRenders, status.RenderCount);
    }

    [Fact]
    public void NoRoundClosedYet_SaysSo_AndLinksToTheHealthCheck()
    {
        SignInAs(_olga, "Olga Owusu");
        var page = RenderInteractive<DashboardPage>(p => p.Add(x => x.PartnershipId, _partnership));

        page.WaitForAssertion(() => Assert.Contains("No health check round has closed yet.", page.Markup, StringComparison.Ordinal));
        Assert.Equal($"p/{_partnership}/health", page.Find("a[href$='/health']").GetAttribute("href"));
    }
}
