using Microsoft.AspNetCore.Components;

namespace Workspace.Web.Components.Common;

/// <summary>
/// A component that renders again only when <see cref="RenderKey"/> changed (by
/// <see cref="object.Equals(object?)"/>): live pages render for every event of their partnership, and
/// a part that derives from this skips the render, with everything inside it, when nothing it shows
/// changed. The key must hold everything the markup reads, the component's own state included (use a
/// value tuple or a record; lists compare by reference, so pages replace a list instead of changing it).
/// <see cref="RenderGate"/> does the same for a piece of markup that is not a component of its own.
/// </summary>
public abstract class KeyedComponentBase : WorkspaceComponentBase
{
    private object? _renderedKey;
    private bool _hasKey;

    /// <summary>Everything the component shows.</summary>
    protected abstract object RenderKey { get; }

    protected override bool ShouldRender()
    {
        var key = RenderKey;
        if (_hasKey && Equals(key, _renderedKey))
        {
            return false;
        }

        (_renderedKey, _hasKey) = (key, true);
        return true;
    }

    // The first render does not ask ShouldRender: remember what it showed.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && !_hasKey)
        {
            (_renderedKey, _hasKey) = (RenderKey, true);
        }
    }
}
