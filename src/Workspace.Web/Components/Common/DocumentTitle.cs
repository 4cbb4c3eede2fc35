using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace Workspace.Web.Components.Common;

/// <summary>
/// The page's title in the browser tab. Rendered on the server (prerendering, static pages) it is a
/// <see cref="PageTitle"/> for the document's head; in a live page it renders nothing and sets
/// <c>document.title</c> when the text changes. So a live page needs no interactive head outlet: that is
/// a second root component with three section outlets, ~25 KB of render trees kept by every circuit for
/// one line of text.
/// </summary>
public sealed class DocumentTitle : ComponentBase
{
    private string? _shown;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The whole title, e.g. "Shared goals · Partnership Workspace".</summary>
    [Parameter, EditorRequired]
    public string Text { get; set; } = "";

    protected override bool ShouldRender() => !RendererInfo.IsInteractive || Text != _shown;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (!RendererInfo.IsInteractive)
        {
            builder.OpenComponent<PageTitle>(0);
            builder.AddComponentParameter(1, nameof(PageTitle.ChildContent), (RenderFragment)(title => title.AddContent(0, Text)));
            builder.CloseComponent();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || Text == _shown)
        {
            return;
        }

        _shown = Text;
        try
        {
            await JS.InvokeVoidAsync("workspace.setTitle", Text);
        }
        catch (JSDisconnectedException)
        {
            // The page has gone; there is no tab to title.
        }
        catch (TaskCanceledException)
        {
        }
    }
}
