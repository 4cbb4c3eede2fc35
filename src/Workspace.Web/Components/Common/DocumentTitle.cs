using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace Workspace.Web.Components.Common;

/// <summary>
/// The page's title in the browser tab. Rendered on the server (prerendering, static pages) it is a
/// <see cref="PageTitle"/> for the document's head; in a live page it renders nothing and sets
/// <c>document.title</c> when the text changes (at most once a second, the latest text). So a live page needs no interactive head outlet: that is
/// a second root component with three section outlets, ~25 KB of render trees kept by every circuit for
/// one line of text.
/// </summary>
public sealed class DocumentTitle : ComponentBase, IDisposable
{
    /// <summary>At most one title a second: a goal's title edited twenty times a second by a workshop
    /// would otherwise cost every viewer a script call per keystroke, on top of the page's render.</summary>
    internal static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private string? _shown;
    private bool _sending;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The whole title, e.g. "Shared goals · Partnership Workspace".</summary>
    [Parameter, EditorRequired]
    public string Text { get; set; } = "";

    protected override bool ShouldRender() => !RendererInfo.IsInteractive || (!_sending && Text != _shown);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (!RendererInfo.IsInteractive)
        {
            builder.OpenComponent<PageTitle>(0);
            builder.AddComponentParameter(1, nameof(PageTitle.ChildContent), (RenderFragment)(title => title.AddContent(0, Text)));
            builder.CloseComponent();
        }
    }

    protected override Task OnAfterRenderAsync(bool firstRender) =>
        RendererInfo.IsInteractive && !_sending && Text != _shown ? SendAsync() : Task.CompletedTask;

    // Sends the title, then again after the interval if it changed meanwhile (the latest text only).
    private async Task SendAsync()
    {
        _sending = true;
        try
        {
            while (Text != _shown && !_disposed.IsCancellationRequested)
            {
                _shown = Text;
                await JS.InvokeVoidAsync("workspace.setTitle", _disposed.Token, _shown);
                await Task.Delay(MinimumInterval, _disposed.Token);
            }
        }
        catch (JSDisconnectedException)
        {
            // The page has gone; there is no tab to title.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _sending = false;
        }
    }

    // Cancelled, not disposed: a send under way may still read the token.
    public void Dispose() => _disposed.Cancel();
}
