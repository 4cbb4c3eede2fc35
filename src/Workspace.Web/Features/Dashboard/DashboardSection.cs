using Microsoft.AspNetCore.Components;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// A section of the dashboard, wall or report. Every live event gives it a new <see cref="View"/>; it
/// renders again only when <see cref="RenderKey"/> (the parts of the view it shows, lists by reference,
/// which <see cref="DashboardState"/> keeps as the same instances while unchanged) differs from the key
/// it last rendered.
/// </summary>
public abstract class DashboardSection : ComponentBase
{
    private object? _renderedKey;

    [Parameter, EditorRequired]
    public DashboardView View { get; set; } = default!;

    /// <summary>Everything the section reads, as a value tuple or record.</summary>
    protected abstract object RenderKey { get; }

    protected override void OnInitialized() => _renderedKey = RenderKey;

    protected override bool ShouldRender()
    {
        var key = RenderKey;
        if (Equals(key, _renderedKey))
        {
            return false;
        }

        _renderedKey = key;
        return true;
    }
}
