using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.LiveViews;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>
/// The live hub, attacked with the SignalR .NET client over a real socket: joining a partnership's view
/// without signing in, or signed in as someone from another partnership, is refused; a member joins.
/// </summary>
public sealed class LiveHubAttackTests
{
    private const string Password = "Hub-Attack-Pass-2026!";

    [Fact]
    public async Task AnonymousAndNonMembers_AreRefused_MembersJoin()
    {
        using var database = TestDatabase.OnFile();
        await using var app = new TestApp("Development", services: services =>
        {
            services.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(database);
            services.AddScoped<WorkspaceDbContext>(_ => database.CreateDbContext());
        });
        var baseAddress = app.StartKestrel();
        var member = await app.AddPersonAsync("member@example.org", Password);
        var outsider = await app.AddPersonAsync("outsider@example.org", Password);
        var partnership = database.AddPartnership("River Partnership", (member, PartnershipRole.Observer));
        database.AddPartnership("Other Partnership", (outsider, PartnershipRole.Facilitator));
        var key = partnership.ToString("D");

        await using var anonymous = await ConnectAsync(baseAddress, null);
        await using var stranger = await ConnectAsync(baseAddress, "outsider@example.org");
        await using var insider = await ConnectAsync(baseAddress, "member@example.org");

        foreach (var kind in new[] { WallLiveView.KindName, FollowLiveView.KindName })
        {
            await Assert.ThrowsAsync<HubException>(() => anonymous.InvokeAsync<LiveSnapshot>(LiveContract.Join, kind, key, TestContext.Current.CancellationToken));
            await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<LiveSnapshot>(LiveContract.Join, kind, key, TestContext.Current.CancellationToken));
            // A snapshot without a join is refused too: it is no way around the check.
            await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<LiveSnapshot>(LiveContract.Snapshot, kind, key, TestContext.Current.CancellationToken));
        }

        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<LiveSnapshot>(LiveContract.Join, "wall", new string('x', 10_000), TestContext.Current.CancellationToken));
        // Another site's page opening a socket with the member's cookies.
        await using var crossSite = await ConnectAsync(baseAddress, "member@example.org", "https://evil.example");
        await Assert.ThrowsAsync<HubException>(() => crossSite.InvokeAsync<LiveSnapshot>(LiveContract.Join, WallLiveView.KindName, key, TestContext.Current.CancellationToken));
        var joined = await insider.InvokeAsync<LiveSnapshot>(LiveContract.Join, WallLiveView.KindName, key, TestContext.Current.CancellationToken);
        Assert.Contains("River Partnership", joined.Fragments[WallFragments.NameId], StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, stranger.State);
    }

    private static async Task<HubConnection> ConnectAsync(Uri baseAddress, string? email, string? origin = null)
    {
        var cookies = new CookieContainer();
        if (email is not null)
        {
            using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var browser = new HttpClient(handler) { BaseAddress = baseAddress };
            await browser.SignInAsync(email, Password);
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, LiveContract.HubPath.TrimStart('/')), options =>
            {
                options.Cookies = cookies;
                if (origin is not null)
                {
                    options.Headers["Origin"] = origin;
                }
            })
            .Build();
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
