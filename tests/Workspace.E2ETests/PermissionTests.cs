using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

public sealed partial class PermissionTests(AppFixture app)
{
    [Fact]
    public async Task Observer_SeesNoEditControlsOnOverviewOrMembers()
    {
        await using var context = await app.SignInAsync("observer@demo.local");
        var page = await OpenDemoMembersPageAsync(context, expectEditDetails: false);

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invite someone" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { NameRegex = RoleOf() })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = Remove() })).ToHaveCountAsync(0);
    }

    /// <summary>The same locators find the controls for a facilitator, so the observer test cannot pass by accident.</summary>
    [Fact]
    public async Task Facilitator_SeesTheEditControlsAnObserverDoesNot()
    {
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await OpenDemoMembersPageAsync(context, expectEditDetails: true);

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invite someone" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Role of Tom Reid" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove Tom Reid" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(true, "/members")]
    [InlineData(false, "")]
    [InlineData(false, "/members")]
    public async Task NonMember_GetsPageNotFound_AsForAPartnershipThatDoesNotExist(bool partnershipExists, string subPage)
    {
        var name = $"Closed Circle {Guid.NewGuid():N}"[..22];
        var id = partnershipExists ? await app.Data.CreatePartnershipAsync("facilitator@demo.local", name) : Guid.NewGuid();
        await using var context = await app.SignInAsync("partner@demo.local");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"p/{id}{subPage}");
        await page.WaitForInteractiveAsync();

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(name)).ToHaveCountAsync(0);
        Assert.DoesNotContain(name, await page.TitleAsync(), StringComparison.Ordinal);
    }

    private static async Task<IPage> OpenDemoMembersPageAsync(IBrowserContext context, bool expectEditDetails)
    {
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");
        await page.GetByRole(AriaRole.Link, new() { Name = "Safer Streets Partnership" }).ClickAsync();
        if (!expectEditDetails)
        {
            // Observers open a partnership on its dashboard; the overview is one step away.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Safer Streets Partnership", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Partners by sector" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit details" })).ToHaveCountAsync(expectEditDetails ? 1 : 0);

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Tom Reid" })).ToBeVisibleAsync();
        return page;
    }

    [GeneratedRegex("^Role of ")]
    private static partial Regex RoleOf();

    [GeneratedRegex("^Remove ")]
    private static partial Regex Remove();
}
