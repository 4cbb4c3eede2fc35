using Microsoft.AspNetCore.Components;

namespace Workspace.Web.Components.Common;

/// <summary>
/// A part of a live page that shows one immutable <see cref="Model"/> and renders again only when the
/// model changed (by value: make it a record, with <see cref="ValueList{T}"/> for lists). Live pages
/// render for every event of their partnership; a part built on this skips the render, with everything
/// inside it, when nothing it shows changed. Its markup reads only <see cref="Model"/> (and handlers
/// that never change while the page lives), so there is no key to keep in step with the markup. Its
/// own UI events (a click on a menu of its own) render it too, so a little local state is safe.
/// </summary>
public abstract class ModelComponent<TModel> : WorkspaceComponentBase
{
    private TModel? _rendered;
    private bool _hasRendered;
    private bool _ownEvent;

    /// <summary>Everything the part shows.</summary>
    [Parameter, EditorRequired]
    public TModel Model { get; set; } = default!;

    protected override bool ShouldRender()
    {
        if (_hasRendered && !_ownEvent && EqualityComparer<TModel>.Default.Equals(Model, _rendered))
        {
            return false;
        }

        (_rendered, _hasRendered, _ownEvent) = (Model, true, false);
        return true;
    }

    private protected override void RenderAfterOwnEvent()
    {
        _ownEvent = true;
        base.RenderAfterOwnEvent();
    }

    // The first render does not ask ShouldRender: remember what it showed.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && !_hasRendered)
        {
            (_rendered, _hasRendered) = (Model, true);
        }
    }
}
