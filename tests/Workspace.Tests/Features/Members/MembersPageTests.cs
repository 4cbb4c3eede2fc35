using AngleSharp.Dom;
using Bunit;
using Workspace.Tests.Support;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>The members page shows management controls to facilitators only, and follows changes live.</summary>
public sealed class MembersPageTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _tom;
    private readonly string _olive;
    private readonly Guid _partnership;

    public MembersPageTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _tom = Db.AddPerson("Tom Contributor");
        _olive = Db.AddPerson("Olive Observer");
        _partnership = Db.AddPartnership("Clean Rivers",
            (_fran, PartnershipRole.Facilitator), (_tom, PartnershipRole.Contributor), (_olive, PartnershipRole.Observer));
    }

    [Fact]
    public void Observer_SeesNoInviteButtonRoleSelectsOrRemoveButtons()
    {
        SignInAs(_olive, "Olive Observer");

        var page = RenderMembersPage();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Invite someone", StringComparison.Ordinal));
        Assert.Empty(RoleSelects(page));
        Assert.Empty(RemoveButtons(page));
        Assert.Equal("Contributor", RoleShownFor(page, "Tom Contributor"));
        Assert.DoesNotContain("Invitations", page.FindAll("h2").Select(h => h.TextContent));
    }

    [Fact]
    public void Facilitator_SeesInviteButtonRoleSelectsAndRemoveButtonsForOthers()
    {
        SignInAs(_fran, "Fran Facilitator");

        var page = RenderMembersPage();

        Assert.Single(page.FindAll("button"), b => b.TextContent.Contains("Invite someone", StringComparison.Ordinal));
        Assert.Equal(
            ["Role of Fran Facilitator", "Role of Olive Observer", "Role of Tom Contributor"],
            RoleSelects(page).Select(s => s.GetAttribute("aria-label")));
        Assert.Equal(
            ["Remove Olive Observer", "Remove Tom Contributor"],
            RemoveButtons(page).Select(b => b.GetAttribute("aria-label")));
        Assert.Contains("Invitations", page.FindAll("h2").Select(h => h.TextContent));
    }

    [Fact]
    public async Task InvitationIssuedElsewhere_AppearsInTheFacilitatorsList()
    {
        SignInAs(_fran, "Fran Facilitator");
        var page = RenderMembersPage();

        var issued = await OtherCircuitMembers.InviteAsync(_fran, _partnership, new InviteInput { Email = "kim@council.example" }, Ct);

        Assert.True(issued.Succeeded, issued.Error?.Message);
        page.WaitForAssertion(() => Assert.Contains("kim@council.example", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoleChangedElsewhere_ShowsWithoutReloading()
    {
        SignInAs(_olive, "Olive Observer");
        var page = RenderMembersPage();
        Assert.Equal("Contributor", RoleShownFor(page, "Tom Contributor"));

        var result = await OtherCircuitMembers.ChangeRoleAsync(_fran, _partnership, _tom, PartnershipRole.Observer, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        page.WaitForAssertion(() => Assert.Equal("Observer", RoleShownFor(page, "Tom Contributor")));
    }

    [Fact]
    public async Task RoleChangedElsewhere_UpdatesTheFacilitatorsRoleSelect()
    {
        var gill = Db.AddPerson("Gill Facilitator");
        Db.AddMember(_partnership, gill, PartnershipRole.Facilitator);
        SignInAs(_fran, "Fran Facilitator");
        var page = RenderMembersPage();

        await OtherCircuitMembers.ChangeRoleAsync(gill, _partnership, _tom, PartnershipRole.Facilitator, Ct);

        page.WaitForAssertion(() => Assert.Equal("Facilitator", RoleShownFor(page, "Tom Contributor")));
    }

    [Fact]
    public async Task ViewerPromotedToFacilitator_GetsTheControlsLive()
    {
        SignInAs(_olive, "Olive Observer");
        var page = RenderMembersPage();

        await OtherCircuitMembers.ChangeRoleAsync(_fran, _partnership, _olive, PartnershipRole.Facilitator, Ct);

        page.WaitForAssertion(() => Assert.Equal(3, RoleSelects(page).Count));
        Assert.Single(page.FindAll("button"), b => b.TextContent.Contains("Invite someone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MemberRemovedElsewhere_DisappearsFromTheList()
    {
        SignInAs(_olive, "Olive Observer");
        var page = RenderMembersPage();

        await OtherCircuitMembers.RemoveAsync(_fran, _partnership, _tom, Ct);

        page.WaitForAssertion(() => Assert.DoesNotContain("Tom Contributor", page.Find("[aria-label='Members']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ViewerRemovedElsewhere_SeesThatTheyWereRemoved()
    {
        SignInAs(_olive, "Olive Observer");
        var page = RenderMembersPage();

        await OtherCircuitMembers.RemoveAsync(_fran, _partnership, _olive, Ct);

        page.WaitForAssertion(() => Assert.Contains("A facilitator removed you from this partnership", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[aria-label='Members']"));
    }

    [Fact]
    public async Task LeavingThePage_EndsItsSubscription()
    {
        SignInAs(_olive, "Olive Observer");
        RenderMembersPage();
        Assert.Equal(1, Events.SubscriberCount(_partnership));

        await DisposeComponentsAsync();

        Assert.Equal(0, Events.SubscriberCount(_partnership));
    }

    private IRenderedComponent<MembersPage> RenderMembersPage()
    {
        var page = RenderInteractive<MembersPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[aria-label='Members']")));
        return page;
    }

    private static IReadOnlyList<IElement> RoleSelects(IRenderedComponent<MembersPage> page) =>
        [.. page.FindAll("[role='combobox']").Where(e => e.GetAttribute("aria-label")?.StartsWith("Role of ", StringComparison.Ordinal) == true)];

    private static IReadOnlyList<IElement> RemoveButtons(IRenderedComponent<MembersPage> page) =>
        [.. page.FindAll("button").Where(b => b.GetAttribute("aria-label")?.StartsWith("Remove ", StringComparison.Ordinal) == true)];

    private static string RoleShownFor(IRenderedComponent<MembersPage> page, string displayName)
    {
        var row = page.FindAll("[aria-label='Members'] tbody tr").Single(r => r.TextContent.Contains(displayName, StringComparison.Ordinal));
        return row.QuerySelector("td[data-label='Role']")!.TextContent.Trim();
    }
}
