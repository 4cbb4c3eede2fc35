using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.LiveViews;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>
/// A watcher's socket keeps its opening request while it is open: the hub gives the connection only the person's
/// id, lets the request's cookies, authentication handlers and service scope go once the connection knows its
/// person, and keeps what a join still reads (the Origin and Host headers).
/// </summary>
public sealed class LiveHubCookieTests
{
    [Fact]
    public void PersonOf_KeepsOnlyTheId_AndStaysSignedIn()
    {
        var ticket = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "u1"), new Claim(ClaimTypes.Name, "a@example.org"),
                new Claim(ClaimTypes.Email, "a@example.org"), new Claim("AspNet.Identity.SecurityStamp", "STAMP"), new Claim("amr", "pwd"),
            ],
            "Identity.Application"));

        var person = LiveHub.PersonOf(ticket);

        Assert.True(person.Identity?.IsAuthenticated);
        Assert.Equal("u1", person.GetUserId());
        Assert.Equal("Identity.Application", person.Identity?.AuthenticationType);
        Assert.Single(person.Claims);
    }

    [Fact]
    public void PersonOf_SomeoneNotSignedIn_StaysNotSignedIn()
    {
        Assert.Null(LiveHub.PersonOf(new ClaimsPrincipal(new ClaimsIdentity())).GetUserId());
        Assert.Null(LiveHub.PersonOf(null).GetUserId());
        // A principal claiming an id without being authenticated gains nothing.
        Assert.Null(LiveHub.PersonOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")]))).GetUserId());
    }

    [Fact]
    public async Task LetRequestGo_OnAWebSocket_DropsCookiesHandlersAndScope_AndKeepsOriginAndHost()
    {
        await using var root = Services();
        var http = Request(root);
        var probe = http.RequestServices.GetRequiredService<ScopedProbe>();

        await LiveHub.LetRequestGoAsync(http, webSocket: true);

        Assert.Empty(http.Request.Cookies);
        Assert.True(StringValues.IsNullOrEmpty(http.Request.Headers.Cookie));
        Assert.Equal("http://127.0.0.1:5000", http.Request.Headers.Origin.ToString());
        Assert.Equal("127.0.0.1:5000", http.Request.Host.Value);
        Assert.True(probe.Disposed);
        Assert.Null(http.RequestServices);
    }

    [Fact]
    public async Task ReleasedHandlers_ForgetTheHandlersMadeSoFar()
    {
        await using var root = Services();
        var http = Request(root);
        var handlers = http.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        var before = await handlers.GetHandlerAsync(http, CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.Same(before, await handlers.GetHandlerAsync(http, CookieAuthenticationDefaults.AuthenticationScheme));

        ((ReleasableAuthenticationHandlers)handlers).Release();

        // The handler that cached the ticket it read is no longer held; one asked for again is made afresh.
        var after = await handlers.GetHandlerAsync(http, CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.NotNull(after);
        Assert.NotSame(before, after);
    }

    [Fact]
    public async Task LetRequestGo_OnAnotherTransport_KeepsTheScope()
    {
        await using var root = Services();
        var http = Request(root);
        var probe = http.RequestServices.GetRequiredService<ScopedProbe>();

        await LiveHub.LetRequestGoAsync(http, webSocket: false);

        Assert.Empty(http.Request.Cookies);
        Assert.False(probe.Disposed);
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddCookie();
        services.AddScoped<IAuthenticationHandlerProvider, ReleasableAuthenticationHandlers>();
        services.AddScoped<ScopedProbe>();
        return services.BuildServiceProvider();
    }

    private static DefaultHttpContext Request(ServiceProvider root)
    {
        var http = new DefaultHttpContext { ServiceScopeFactory = root.GetRequiredService<IServiceScopeFactory>() };
        http.Request.Host = new HostString("127.0.0.1:5000");
        http.Request.Headers.Cookie = "workspace.auth=ticket; other=1";
        http.Request.Headers.Origin = "http://127.0.0.1:5000";
        Assert.Equal("ticket", http.Request.Cookies["workspace.auth"]);
        return http;
    }

    private sealed class ScopedProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
