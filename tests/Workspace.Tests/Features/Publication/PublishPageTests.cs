using Bunit;
using Workspace.Tests.Support;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Publication;

namespace Workspace.Tests.Features.Publication;

/// <summary>The proposal page as facilitators and partners see it: empty, invalid, and waiting for consents.</summary>
public sealed class PublishPageTests : WorkspaceBunitContext
{
    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;

    public PublishPageTests()
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        Db.AddGoal(_partnership, "Halve food waste");
    }

    [Fact]
    public void NothingProposed_ShowsAnEmptyState_ToAPartner()
    {
        // Arrange
        SignInAs(_cara, "Cara Contributor");

        // Act
        var page = RenderInteractive<PublishPage>(p => p.Add(x => x.PartnershipId, _partnership));

        // Assert
        page.WaitForAssertion(() => Assert.Contains("Nothing has been proposed yet", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Propose and ask partners to consent", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Facilitator_SeesTheForm_WithASuggestedAddress_AndValidationMessages()
    {
        // Arrange
        SignInAs(_fran, "Fran Facilitator");
        var page = RenderInteractive<PublishPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.Contains("Propose a public results page", page.Markup, StringComparison.Ordinal));
        Assert.Equal("food-security", page.Find("input[maxlength='60']").GetAttribute("value"));
        Assert.Contains("Halve food waste", page.Markup, StringComparison.Ordinal);

        // Act: no summary, a reserved address
        page.Find("input[maxlength='60']").Input("admin");
        page.Find("form").Submit();

        // Assert
        page.WaitForAssertion(() => Assert.Contains("reserved for the site's own pages", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Summary is required.", page.Markup, StringComparison.Ordinal);
        Assert.Equal("admin", page.Find("input[maxlength='60']").GetAttribute("value"));
    }

    [Fact]
    public async Task Proposal_ListsEachPartnersConsent_AndOffersConsentForMyOrganisationOnly()
    {
        // Arrange
        var service = new PublicationService(Db, Events, Clock);
        var input = new ProposalInput { Slug = "food-security", Title = "Food Security results", Summary = "What we achieved." };
        Assert.True((await service.ProposeAsync(_fran, _partnership, input, 0, Ct)).Succeeded);
        Assert.True((await service.ConsentAsync(_fran, _partnership, _council, 1, Ct)).Succeeded);
        SignInAs(_cara, "Cara Contributor");

        // Act
        var page = RenderInteractive<PublishPage>(p => p.Add(x => x.PartnershipId, _partnership));

        // Assert
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='consent-row']").Count));
        var rows = page.FindAll("[data-testid='consent-row']").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Riverside Council", StringComparison.Ordinal) && r.Contains("Consented by Fran Facilitator", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Northern Bank", StringComparison.Ordinal) && r.Contains("Awaiting consent", StringComparison.Ordinal));
        Assert.Contains("Not public: waiting for Northern Bank", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Consent for Northern Bank", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Consent for Riverside Council", page.Markup, StringComparison.Ordinal);

        // Act: Cara consents; the page follows
        page.FindAll("button").Single(b => b.TextContent.Contains("Consent for Northern Bank", StringComparison.Ordinal)).Click();

        // Assert
        page.WaitForAssertion(() => Assert.Contains("Open the public page", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Withdraw Northern Bank", page.Markup, StringComparison.Ordinal);
    }
}
