using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Components.Common;

namespace Workspace.Tests.Components;

/// <summary>
/// The tab's title: a <see cref="PageTitle"/> for the static head while rendered on the server, and in a
/// live page one call to <c>workspace.setTitle</c> per change of the text, none for a render that keeps it.
/// </summary>
public sealed class DocumentTitleTests : BunitContext
{
    public DocumentTitleTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void Live_SetsTheTitle_OncePerChange()
    {
        SetRendererInfo(new RendererInfo("Server", true));

        var title = Render<DocumentTitle>(p => p.Add(t => t.Text, "Shared goals · Partnership Workspace"));
        title.Render(p => p.Add(t => t.Text, "Shared goals · Partnership Workspace"));
        title.Render(p => p.Add(t => t.Text, "Cut reoffending · Partnership Workspace"));

        var sent = JSInterop.Invocations["workspace.setTitle"].Select(i => (string?)i.Arguments[0]).ToList();
        Assert.Equal(["Shared goals · Partnership Workspace", "Cut reoffending · Partnership Workspace"], sent);
        Assert.Empty(title.FindComponents<PageTitle>());
    }

    [Fact]
    public void OnTheServer_IsAPageTitle_AndCallsNoScript()
    {
        SetRendererInfo(new RendererInfo("Static", false));

        var title = Render<DocumentTitle>(p => p.Add(t => t.Text, "Sign in · Partnership Workspace"));

        var pageTitle = title.FindComponent<PageTitle>();
        var content = Render(pageTitle.Instance.ChildContent!);
        Assert.Equal("Sign in · Partnership Workspace", content.Markup);
        Assert.Empty(JSInterop.Invocations);
    }
}
