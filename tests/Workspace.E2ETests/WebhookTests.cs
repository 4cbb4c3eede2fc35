using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>A facilitator registers a webhook to a receiver on 127.0.0.1, copies its secret once, sends a test and reads the log.</summary>
public sealed class WebhookTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";

    [Fact]
    public async Task FacilitatorCreatesAWebhook_SeesTheSecretOnce_AndASignedTestPingIsLoggedWith200()
    {
        var received = new ConcurrentQueue<(string Signature, string Timestamp, string Event, string Body)>();
        await using var receiver = await StartReceiverAsync(received);
        var url = receiver.Urls.First().TrimEnd('/') + "/hook";
        var demo = await app.Data.DemoPartnershipIdAsync();

        await using var context = await app.SignInAsync(Facilitator);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{demo}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();
        var name = $"Case system {Guid.NewGuid():N}"[..20];
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Address").FillAsync(url);
        await page.GetByLabel("A check-in is recorded").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create webhook" }).ClickAsync();

        await Expect(page.GetByText("It is shown only this once")).ToBeVisibleAsync();
        var secret = await page.GetByRole(AriaRole.Textbox, new() { Name = "Signing secret", Exact = true }).InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Signing secret", Exact = true })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Send a test to {name}" }).ClickAsync();
        var hook = page.Locator("[data-webhook]", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = name }) });
        await Expect(hook.Locator("[data-delivery] [data-status-code]").First).ToHaveTextAsync("200");
        await Expect(hook.Locator("[data-last-delivery]")).ToContainTextAsync("HTTP 200");

        var (signature, timestamp, kind, body) = Assert.Single(received);
        Assert.Equal("ping", kind);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        Assert.Equal(expected, signature);
        Assert.Contains(name, body, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<(string, string, string, string)> received)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            received.Enqueue((context.Request.Headers["X-Workspace-Signature"].ToString(), context.Request.Headers["X-Workspace-Timestamp"].ToString(),
                context.Request.Headers["X-Workspace-Event"].ToString(), body));
            return Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }
}
