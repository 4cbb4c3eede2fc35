using Microsoft.AspNetCore.Components;
using Workspace.Web.Components.Common;

namespace Workspace.Web.Features.Dashboard;

/// <summary>
/// A section of the dashboard, wall or report. Every live event gives it a new <see cref="View"/>; it
/// renders again only when its render key (the parts of the view it shows, lists by reference, which
/// <see cref="DashboardState"/> keeps as the same instances while unchanged) differs from the last.
/// </summary>
public abstract class DashboardSection : KeyedComponentBase
{
    [Parameter, EditorRequired]
    public DashboardView View { get; set; } = default!;
}
