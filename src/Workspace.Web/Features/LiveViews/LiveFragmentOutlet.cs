using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// A fragment where the page shows it: the element (a <c>div</c> unless <see cref="Element"/> says
/// otherwise) whose content the live script replaces with the fragment's new HTML. The element carries the
/// hash of the fragment as the live views render it (<c>data-live-hash</c>, <see cref="LiveFragmentHash"/>), so the
/// page's join is sent only what changed since it was rendered.
/// </summary>
public sealed class LiveFragmentOutlet : ComponentBase
{
    private string? _hash;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Parameter, EditorRequired]
    public LiveFragment Fragment { get; set; } = default!;

    [Parameter]
    public string? Class { get; set; }

    /// <summary>The element's name, e.g. <c>section</c> where the page's landmark is the fragment itself.</summary>
    [Parameter]
    public string Element { get; set; } = "div";

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // Rendered again by the renderer the view's group uses, for the very HTML its join compares with.
        if (Services.GetService<LiveFragmentRenderer>() is { } renderer)
        {
            var html = await renderer.RenderAsync([Fragment]);
            _hash = LiveFragmentHash.Of(html[Fragment.ElementId]);
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenElement(0, Element);
        builder.AddMultipleAttributes(1, AdditionalAttributes);
        builder.AddAttribute(2, "id", Fragment.ElementId);
        builder.AddAttribute(3, "class", Class);
        builder.AddAttribute(4, "data-live-fragment", true);
        builder.AddAttribute(5, "data-live-hash", _hash);
        builder.OpenComponent<DynamicComponent>(6);
        builder.AddComponentParameter(7, nameof(DynamicComponent.Type), Fragment.Component);
        builder.AddComponentParameter(8, nameof(DynamicComponent.Parameters), new Dictionary<string, object> { ["Model"] = Fragment.Model });
        builder.CloseComponent();
        builder.CloseElement();
    }
}
