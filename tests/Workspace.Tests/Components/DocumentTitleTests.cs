using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Components.Common;

namespace Workspace.Tests.Components;

/// <summary>
/// The tab title: a <see cref="PageTitle"/> for the document's head when rendered on the server, and in a
/// live page a hidden element whose attribute the app's script copies to <c>document.title</c>.
/// </summary>
public sealed class DocumentTitleTests : BunitContext
{
    [Fact]
    public void Live_RendersAHiddenElementCarryingTheTitle_AndNoPageTitle()
    {
        SetRendererInfo(new RendererInfo("Server", true));

        var title = Render<DocumentTitle>(p => p.Add(x => x.Text, "Shared goals"));

        var span = title.Find($"span[{DocumentTitle.AttributeName}]");
        Assert.True(span.HasAttribute("hidden"));
        Assert.Equal("Shared goals · Partnership Workspace", span.GetAttribute(DocumentTitle.AttributeName));
        Assert.Equal("", span.TextContent);
        Assert.Empty(title.FindComponents<PageTitle>());
    }

    [Fact]
    public void Live_RendersAgainOnlyWhenTheTextChanges()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var title = Render<DocumentTitle>(p => p.Add(x => x.Text, "Before"));
        var renders = title.RenderCount;

        title.Render(p => p.Add(x => x.Text, "Before"));
        Assert.Equal(renders, title.RenderCount);

        title.Render(p => p.Add(x => x.Text, "After"));
        Assert.Equal(renders + 1, title.RenderCount);
        Assert.Equal("After · Partnership Workspace", title.Find("span").GetAttribute(DocumentTitle.AttributeName));
    }

    [Fact]
    public void OnTheServer_IsAPageTitleForTheHead_AndRendersNothingInTheBody()
    {
        SetRendererInfo(new RendererInfo("Static", false));

        var title = Render<DocumentTitle>(p => p.Add(x => x.Text, "Sign in"));

        var pageTitle = title.FindComponent<PageTitle>();
        var content = Render(pageTitle.Instance.ChildContent!);
        Assert.Equal("Sign in · Partnership Workspace", content.Markup);
        Assert.Empty(title.FindAll($"[{DocumentTitle.AttributeName}]"));
    }

    [Theory]
    [InlineData("Dashboard", "Safer Streets Partnership", "Dashboard · Safer Streets Partnership · Partnership Workspace")]
    [InlineData("Shared goals", null, "Shared goals · Partnership Workspace")]
    [InlineData(null, null, "Partnership Workspace")]
    public void Compose_JoinsWhatThePageShowsWhoseItIsAndTheAppsName(string? text, string? of, string expected) =>
        Assert.Equal(expected, DocumentTitle.Compose(text, of));

    [Fact]
    public void Live_RendersAgainWhenOnlyWhoseItIsChanges()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var title = Render<DocumentTitle>(p => p.Add(x => x.Text, "Dashboard").Add(x => x.Of, "Old name"));

        title.Render(p => p.Add(x => x.Text, "Dashboard").Add(x => x.Of, "New name"));

        Assert.Equal("Dashboard · New name · Partnership Workspace", title.Find("span").GetAttribute(DocumentTitle.AttributeName));
    }
}
