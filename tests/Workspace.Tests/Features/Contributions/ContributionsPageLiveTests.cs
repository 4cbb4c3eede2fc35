using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Contributions;

/// <summary>The register follows contributions recorded elsewhere from the event alone, for every viewer.</summary>
public sealed class ContributionsPageLiveTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly string _olga;
    private readonly Guid _unit;
    private readonly Guid _partnership;

    public ContributionsPageLiveTests()
    {
        _unit = Db.AddOrganisation("Youth Justice Unit", Sector.Public);
        _ana = Db.AddPerson("Ana Costa", organisationId: _unit);
        _olga = Db.AddPerson("Olga Owusu", organisationId: Db.AddOrganisation("Riverside City Council", Sector.Public));
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Contributor), (_olga, PartnershipRole.Observer));
    }

    [Fact]
    public async Task AContributionRecordedElsewhere_ReachesEveryViewer_WithNoDatabaseCommands()
    {
        // Arrange
        SignInAs(_olga, "Olga Owusu");
        var first = RenderInteractive<ContributionsPage>(p => p.Add(x => x.PartnershipId, _partnership));
        var second = Render<ContributionsPage>(p => p.Add(x => x.PartnershipId, _partnership));
        foreach (var page in new[] { first, second })
        {
            page.WaitForAssertion(() => Assert.Contains("No contributions recorded yet", page.Markup, StringComparison.Ordinal));
            Assert.Empty(page.FindAll("button[aria-label^='Edit']"));
            Assert.Contains("Observers can read the register", page.Markup, StringComparison.Ordinal);
        }

        // Act: Ana records staff time in her own circuit; its event is then delivered to the two viewers.
        var elsewhere = new RecordingPartnershipEvents();
        var added = await new ContributionService(Db, elsewhere, Clock).AddAsync(_ana, _partnership, new ContributionInput(
            _unit, ContributionKind.StaffTime, "Case workers at the weekly panel", null, null, 12, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30),
            ContributionStatus.Committed, null, []), Ct);
        Assert.True(added.Succeeded, added.Error?.Message);
        Db.Commands.Reset();
        await Events.PublishAsync(Assert.Single(elsewhere.Published), Ct);

        // Assert
        foreach (var page in new[] { first, second })
        {
            page.WaitForAssertion(() =>
            {
                var row = page.Find($"[data-contribution='{added.Value!.Id}']");
                Assert.Contains("Case workers at the weekly panel", row.TextContent, StringComparison.Ordinal);
                Assert.Contains("12 days", row.TextContent, StringComparison.Ordinal);
                Assert.Equal("Youth Justice Unit", row.QuerySelector("th[scope=row]")!.TextContent.Trim());
                Assert.Contains("12 staff days", page.Find("ul[aria-label='Totals by kind']").TextContent, StringComparison.Ordinal);
            });
        }

        Assert.Equal(0, Db.Commands.Count);
    }
}
