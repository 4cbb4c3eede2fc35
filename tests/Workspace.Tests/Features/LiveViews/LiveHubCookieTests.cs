using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Workspace.Web.Features.LiveViews;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>
/// A watcher's socket keeps its opening request while it is open: the hub lets the request's cookies go once the
/// connection knows its person, and keeps what a join still reads (the person and the Origin header).
/// </summary>
public sealed class LiveHubCookieTests
{
    [Fact]
    public void ForgetCookies_DropsTheRawAndParsedCookies_AndKeepsThePersonAndOrigin()
    {
        var person = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "Identity.Application"));
        var http = new DefaultHttpContext { User = person };
        http.Request.Headers.Cookie = "workspace.auth=ticket; other=1";
        http.Request.Headers.Origin = "http://127.0.0.1:5000";
        Assert.Equal("ticket", http.Request.Cookies["workspace.auth"]);

        LiveHub.ForgetCookies(http);

        Assert.Empty(http.Request.Cookies);
        Assert.True(StringValues.IsNullOrEmpty(http.Request.Headers.Cookie));
        Assert.Same(person, http.User);
        Assert.Equal("http://127.0.0.1:5000", http.Request.Headers.Origin.ToString());
    }
}
