using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Activity;

/// <summary>Facilitators can verify the record from the activity page; other members do not see the button.</summary>
public sealed class ActivityPageTests : WorkspaceBunitContext
{
    private readonly string _fran;
    private readonly string _tom;
    private readonly Guid _partnership;

    public ActivityPageTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _tom = Db.AddPerson("Tom Contributor");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator), (_tom, PartnershipRole.Contributor));
    }

    [Fact]
    public async Task Facilitator_VerifiesTheRecord_AndReadsTheResult()
    {
        await OtherCircuitMembers.ChangeRoleAsync(_fran, _partnership, _tom, PartnershipRole.Observer, Ct);
        SignInAs(_fran, "Fran Facilitator");
        var page = RenderActivityPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Verify the record").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "The record is intact: 1 change in order, none altered.",
            page.Find("#verify-heading").ParentElement!.TextContent, StringComparison.Ordinal));
        Assert.Equal("Verify the record", page.Find("h2#verify-heading").TextContent);
    }

    [Fact]
    public void Contributor_SeesTheTrailButNoVerifyButton()
    {
        SignInAs(_tom, "Tom Contributor");

        var page = RenderActivityPage();

        Assert.Contains("Activity", page.Find("h1").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Verify the record", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#verify-heading"));
    }

    private IRenderedComponent<ActivityPage> RenderActivityPage()
    {
        var page = RenderInteractive<ActivityPage>(p => p.Add(x => x.PartnershipId, _partnership));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1")));
        return page;
    }
}
