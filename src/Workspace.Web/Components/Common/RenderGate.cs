using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Workspace.Web.Components.Common;

/// <summary>
/// Renders its content again only when <see cref="Key"/> changed (by <see cref="object.Equals(object?)"/>).
/// A live page re-renders for every event of its partnership; a gate around a part of the page lets
/// that part, and every component inside it, skip the render when nothing it shows changed. The key
/// must hold everything the content reads (use a record or a value tuple; lists compare by reference,
/// so the page replaces a list when it changes instead of changing it in place).
/// </summary>
public sealed class RenderGate : ComponentBase
{
    private bool _hasRendered;
    private object? _renderedKey;

    /// <summary>Everything the content shows; the content renders again when it changes.</summary>
    [Parameter, EditorRequired]
    public object? Key { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    protected override bool ShouldRender() => !_hasRendered || !Equals(Key, _renderedKey);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        _hasRendered = true;
        _renderedKey = Key;
        builder.AddContent(0, ChildContent);
    }
}
