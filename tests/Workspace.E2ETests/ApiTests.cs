using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>A facilitator makes an API token in the browser; a partner's system sends a value with it; open dashboards show it at once.</summary>
public sealed class ApiTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Observer = "observer@demo.local";

    [Fact]
    public async Task TokenMadeInTheUi_PostsACheckIn_ThatAnOpenDashboardShowsWithoutReload()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"API live {Guid.NewGuid():N}"[..22];
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, title);
        var indicator = await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Homes insulated", "homes");

        await using var observerContext = await app.SignInAsync(Observer);
        var dashboard = await observerContext.NewPageAsync();
        await dashboard.GotoInteractiveAsync($"p/{demo}/dashboard");
        var row = dashboard.Locator($"[data-indicator='{indicator}']");
        await Expect(row.Locator("[data-figure='latest']")).ToContainTextAsync("—");

        await using var facilitatorContext = await app.SignInAsync(Facilitator);
        var tokens = await facilitatorContext.NewPageAsync();
        await tokens.GotoInteractiveAsync($"p/{demo}");
        await tokens.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await Expect(tokens.GetByRole(AriaRole.Heading, new() { Name = "API tokens", Level = 1 })).ToBeVisibleAsync();
        var name = $"Council data feed {Guid.NewGuid():N}"[..26];
        await tokens.GetByLabel("Name").FillAsync(name);
        await tokens.GetByText("Read, and record check-ins for chosen indicators").ClickAsync();
        await tokens.GetByLabel($"Homes insulated ({title})").CheckAsync();
        await tokens.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(tokens.GetByText("It is shown only this once")).ToBeVisibleAsync();
        var secret = await tokens.GetByLabel("New API token").InputValueAsync();
        Assert.StartsWith("pws_", secret, StringComparison.Ordinal);
        await Expect(tokens.GetByRole(AriaRole.Rowheader, new() { Name = name })).ToBeVisibleAsync();

        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var body = $$"""{"value": 30, "asOf": "{{DateTime.UtcNow:yyyy-MM-dd}}", "note": "Nightly upload"}""";
        using var response = await client.PostAsync(new Uri($"api/v1/partnerships/{demo}/indicators/{indicator}/check-ins", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await Expect(row.Locator("[data-figure='latest']")).ToContainTextAsync("30");
    }
}
