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

    private string? _shown;

    /// <summary>The whole title, e.g. "Shared goals · Partnership Workspace".</summary>
    [Parameter, EditorRequired]
    public string Text { get; set; } = "";

    protected override bool ShouldRender() => !RendererInfo.IsInteractive || !string.Equals(Text, _shown, StringComparison.Ordinal);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (!RendererInfo.IsInteractive)
        {
            builder.OpenComponent<PageTitle>(0);
            builder.AddComponentParameter(1, nameof(PageTitle.ChildContent), (RenderFragment)(title => title.AddContent(0, Text)));
            builder.CloseComponent();
            return;
        }

        _shown = Text;
        builder.OpenElement(2, "span");
        builder.AddAttribute(3, "hidden", true);
        builder.AddAttribute(4, AttributeName, Text);
        builder.CloseElement();
    }
}
