using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Publication;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Publication;

/// <summary>The anonymous page over HTTP: one 404 for every page that is not public, a cache evicted by changes, a rate limit.</summary>
public sealed class PublicResultsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Published(Guid PartnershipId, Guid Goal, string Fran, string Cara, Guid Bank);

    private static async Task<Published> PublishAsync(TestApp app)
    {
        var db = (TestDatabase)app.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        var council = db.AddOrganisation("Riverside Council");
        var bank = db.AddOrganisation("Northern Bank", Sector.Private);
        var fran = db.AddPerson("Fran Facilitator", organisationId: council);
        var cara = db.AddPerson("Cara Contributor", organisationId: bank);
        var partnership = db.AddPartnership("Food Security", (fran, PartnershipRole.Facilitator), (cara, PartnershipRole.Contributor));
        var goal = db.AddGoal(partnership, "Halve food waste");
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<PublicationService>();
        var input = new ProposalInput { Slug = "food-security", Title = "Food Security results", Summary = "What we achieved together.", GoalIds = [goal] };
        Assert.True((await service.ProposeAsync(fran, partnership, input, 0, Ct)).Succeeded);
        Assert.True((await service.ConsentAsync(fran, partnership, council, 1, Ct)).Succeeded);
        Assert.True((await service.ConsentAsync(cara, partnership, bank, 1, Ct)).Succeeded);
        return new Published(partnership, goal, fran, cara, bank);
    }

    [Fact]
    public async Task RobotsTxt_LetsSearchEnginesIndexPublishedPages_AndNothingElse()
    {
        await using var app = new TestApp("Development");

        var robots = await app.NewBrowser().GetStringAsync(new Uri("/robots.txt", UriKind.Relative), Ct);

        var rules = robots.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(["User-agent: *", "Allow: /public/", "Disallow: /"], rules);
    }

    [Fact]
    public async Task PublishedPage_IsServedAnonymously_WithSharingMetadataAndNoNames()
    {
        // Arrange
        await using var app = new TestApp("Development");
        await PublishAsync(app);

        // Act
        var response = await app.NewBrowser().GetAsync(new Uri("/public/food-security", UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 id=\"public-title\">Food Security results</h1>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"public-goals\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"public-partners\"", html, StringComparison.Ordinal);
        Assert.Contains("property=\"og:title\" content=\"Food Security results\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"twitter:card\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"canonical\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Fran Facilitator", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cara Contributor", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":\"server\"", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        // Live as a progressive enhancement: the page names its view, and its scripts are files, never inline (CSP).
        Assert.Contains("data-live-kind=\"public\" data-live-key=\"food-security\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-live=\"polite\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/live-view", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, "id=\"public-goals\""));
    }

    [Fact]
    public async Task UnknownAndWithdrawnSlugs_GetTheSameNotFound()
    {
        // Arrange
        await using var app = new TestApp("Development");
        var published = await PublishAsync(app);
        var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/public/food-security", UriKind.Relative), Ct)).StatusCode);
        var unknown = await browser.GetAsync(new Uri("/public/no-such-page", UriKind.Relative), Ct);

        // Act
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var withdrawn = await scope.ServiceProvider.GetRequiredService<PublicationService>().WithdrawAsync(published.Cara, published.PartnershipId, published.Bank, 1, Ct);
            Assert.True(withdrawn.Succeeded);
        }

        var gone = await WaitForStatusAsync(browser, "/public/food-security", HttpStatusCode.NotFound);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        // Each answer names only the address that was asked for (the skip link), as the client already knows it.
        Assert.Equal(
            WithoutState(await unknown.Content.ReadAsStringAsync(Ct)).Replace("no-such-page", "{slug}", StringComparison.Ordinal),
            WithoutState(await gone.Content.ReadAsStringAsync(Ct)).Replace("food-security", "{slug}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CachedPage_IsEvicted_WhenItsPartnershipChanges()
    {
        // Arrange
        await using var app = new TestApp("Development");
        var published = await PublishAsync(app);
        var browser = app.NewBrowser();
        Assert.Contains("Halve food waste", await browser.GetStringAsync(new Uri("/public/food-security", UriKind.Relative), Ct), StringComparison.Ordinal);
        var db = (TestDatabase)app.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        await using (var context = db.CreateDbContext())
        {
            await context.Goals.Where(g => g.Id == published.Goal).ExecuteUpdateAsync(g => g.SetProperty(x => x.Title, "Stop food waste"), Ct);
        }

        // A change written without an event is not seen: the page comes from the cache.
        Assert.Contains("Halve food waste", await browser.GetStringAsync(new Uri("/public/food-security", UriKind.Relative), Ct), StringComparison.Ordinal);

        // Act: the partnership's event reaches the cache
        await app.Services.GetRequiredService<IPartnershipEvents>().PublishAsync(new PublicationChanged(published.PartnershipId, published.Fran), Ct);

        // Assert
        await WaitForAsync(async () => (await browser.GetStringAsync(new Uri("/public/food-security", UriKind.Relative), Ct)).Contains("Stop food waste", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManyRequestsFromOneAddress_GetTooManyRequests_WithRetryAfter()
    {
        // Arrange
        await using var app = new TestApp("Development", new Dictionary<string, string?> { ["RateLimits:PublicResultsPerMinute"] = "3" });
        await PublishAsync(app);
        var browser = app.NewBrowser();

        // Act
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await browser.GetAsync(new Uri("/public/food-security", UriKind.Relative), Ct);
            statuses.Add(last.StatusCode);
        }

        // Assert
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
        Assert.True(last.Headers.RetryAfter!.Delta > TimeSpan.Zero);
    }

    // The encrypted state Blazor appends differs on every response, whatever the page.
    private static string WithoutState(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "<!--Blazor-Server-Component-State:[^>]*-->", "");

    private static async Task<HttpResponseMessage> WaitForStatusAsync(HttpClient browser, string path, HttpStatusCode status)
    {
        HttpResponseMessage? response = null;
        await WaitForAsync(async () => (response = await browser.GetAsync(new Uri(path, UriKind.Relative), Ct)).StatusCode == status);
        return response!;
    }

    // Eviction follows the event on the bus's own queue: give it a moment, never more than five seconds.
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within five seconds.");
            await Task.Delay(50, Ct);
        }
    }
}
