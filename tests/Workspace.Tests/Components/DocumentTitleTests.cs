using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Components.Common;

namespace Workspace.Tests.Components;

/// <summary>
/// The tab's title: a <see cref="PageTitle"/> for the static head while rendered on the server; in a live
/// page a call to <c>workspace.setTitle</c> when the text changes, none for a render that keeps it, and
/// changes within a second of the last call folded into one call with the latest text.
/// </summary>
public sealed class DocumentTitleTests : BunitContext
{
    public DocumentTitleTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private List<string?> Sent => JSInterop.Invocations["workspace.setTitle"].Select(i => (string?)i.Arguments[0]).ToList();

    [Fact]
    public async Task Live_SetsTheTitle_AndFoldsQuickChangesIntoTheLatest()
    {
        SetRendererInfo(new RendererInfo("Server", true));

        var title = Render<DocumentTitle>(p => p.Add(t => t.Text, "Shared goals · Partnership Workspace"));
        title.Render(p => p.Add(t => t.Text, "Shared goals · Partnership Workspace"));
        Assert.Equal(["Shared goals · Partnership Workspace"], Sent);

        // Three edits of a goal's title within the second: one more call, with the last of them.
        title.Render(p => p.Add(t => t.Text, "Cut · Partnership Workspace"));
        title.Render(p => p.Add(t => t.Text, "Cut reoff · Partnership Workspace"));
        title.Render(p => p.Add(t => t.Text, "Cut reoffending · Partnership Workspace"));
        Assert.Single(Sent);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Sent.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }

        Assert.Equal(["Shared goals · Partnership Workspace", "Cut reoffending · Partnership Workspace"], Sent);
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
