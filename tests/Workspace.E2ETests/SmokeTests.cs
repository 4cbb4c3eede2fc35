using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;

namespace Workspace.E2ETests;

public sealed class SmokeTests(AppFixture app)
{
    [Fact]
    public async Task Facilitator_SeesMyPartnerships()
    {
        await using var context = await app.SignInAsync("facilitator@demo.local");
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My partnerships", Level = 1 })).ToBeVisibleAsync();
    }
}
