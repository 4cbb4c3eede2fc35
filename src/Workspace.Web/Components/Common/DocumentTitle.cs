using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace Workspace.Web.Components.Common;

/// <summary>
/// The page's title in the browser tab. Rendered on the server (prerendering, static pages) it is a
/// <see cref="PageTitle"/> for the document's head. In a live page it is a hidden element carrying the
/// text in <see cref="AttributeName"/>, and the app's script copies that text to <c>document.title</c>
/// whenever it changes. So the title travels in the page's own render batch: a live page needs no
/// interactive head outlet (a second root component with three section outlets, ~25 KB of render trees
/// in every circuit for one line of text) and no script call per title change.
/// </summary>
public sealed class DocumentTitle : ComponentBase
{
    /// <summary>The attribute the app's script reads the title from (<c>workspace.js</c>).</summary>
    public const string AttributeName = "data-document-title";

    /// <summary>The app's name, which ends every title.</summary>
    public const string AppName = "Partnership Workspace";

    private (string? Text, string? Of) _shown;

    /// <summary>What the page shows, e.g. "Shared goals" or a goal's title; without it the title is the app's name.</summary>
    [Parameter]
    public string? Text { get; set; }

    /// <summary>Whose it is, when the page needs it, e.g. the partnership's name after "Dashboard".</summary>
    [Parameter]
    public string? Of { get; set; }

    /// <summary>The whole title: "Text · Of · Partnership Workspace", leaving out what is empty.</summary>
    public static string Compose(string? text, string? of) =>
        string.Join(" · ", new[] { text, of, AppName }.Where(part => !string.IsNullOrEmpty(part)));

    protected override bool ShouldRender() => !RendererInfo.IsInteractive || (Text, Of) != _shown;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var title = Compose(Text, Of);
        if (!RendererInfo.IsInteractive)
        {
            builder.OpenComponent<PageTitle>(0);
            builder.AddComponentParameter(1, nameof(PageTitle.ChildContent), (RenderFragment)(content => content.AddContent(0, title)));
            builder.CloseComponent();
            return;
        }

        _shown = (Text, Of);
        builder.OpenElement(2, "span");
        builder.AddAttribute(3, "hidden", true);
        builder.AddAttribute(4, AttributeName, title);
        builder.CloseElement();
    }
}
