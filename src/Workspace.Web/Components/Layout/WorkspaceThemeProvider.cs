using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Workspace.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme provider, rendering the same three style sheets, but sharing one copy of each
/// between circuits: the theme's CSS variables are a 12,000-character string that
/// <see cref="MudThemeProvider"/> builds anew for every render of every circuit, and the render trees
/// keep the last two (about 47 KB per circuit). The text is still built from the theme, then swapped
/// for the copy every circuit already shares.
/// </summary>
public sealed class WorkspaceThemeProvider : MudThemeProvider
{
    private const string ChartStyle = "<style>\n    .mud-chart-serie:hover {\n        filter: url(#lighten);\n    }\n\n    .mud-chart-serie-hovered \n    {\n        filter: url(#lighten);\n    }\n</style>\n\n";

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        if (!DefaultScrollbar)
        {
            __builder.AddMarkupContent(0, Share(BuildMudBlazorScrollbar()));
        }

        __builder.AddMarkupContent(1, ChartStyle);
        __builder.AddMarkupContent(2, Share(BuildTheme()));
    }

    // A theme has two variants (light and dark): the dictionary holds at most a handful of strings.
    private static string Share(string text) => Shared.GetOrAdd(text, text);
}
