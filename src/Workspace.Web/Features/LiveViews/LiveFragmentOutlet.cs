using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// A fragment where the page shows it: the element (a <c>div</c> unless <see cref="Element"/> says
/// otherwise) whose content the live script replaces with the fragment's new HTML.
/// </summary>
public sealed class LiveFragmentOutlet : ComponentBase
{
    [Parameter, EditorRequired]
    public LiveFragment Fragment { get; set; } = default!;

    [Parameter]
    public string? Class { get; set; }

    /// <summary>The element's name, e.g. <c>section</c> where the page's landmark is the fragment itself.</summary>
    [Parameter]
    public string Element { get; set; } = "div";

    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenElement(0, Element);
        builder.AddMultipleAttributes(1, AdditionalAttributes);
        builder.AddAttribute(2, "id", Fragment.ElementId);
        builder.AddAttribute(3, "class", Class);
        builder.AddAttribute(4, "data-live-fragment", true);
        builder.OpenComponent<DynamicComponent>(5);
        builder.AddComponentParameter(6, nameof(DynamicComponent.Type), Fragment.Component);
        builder.AddComponentParameter(7, nameof(DynamicComponent.Parameters), new Dictionary<string, object> { ["Model"] = Fragment.Model });
        builder.CloseComponent();
        builder.CloseElement();
    }
}
