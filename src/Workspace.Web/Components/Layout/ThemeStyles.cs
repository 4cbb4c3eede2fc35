using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Workspace.Web.Components.Layout;

/// <summary>
/// The theme's style sheets for the page head, where they are rendered once per page load and are part
/// of no circuit: without <c>IsDarkMode</c>, MudBlazor's scrollbar and chart styles and the light
/// palette's variables on <c>:root</c>; with it, the dark palette's variables on
/// <see cref="ThemePreferences.DarkClass"/>, which the body carries when the person chose dark (the app
/// bar's button switches the class) and the workshop room always. A <see cref="MudThemeProvider"/>
/// inside each circuit's layout would keep its component, its own default theme and its render tree
/// for as long as the circuit lives, on every page, only to re-render the variables on a switch that a
/// class does as well. The text is MudBlazor's own, built from <see cref="ThemePreferences.Theme"/> the
/// first time each variant is rendered and shared after that.
/// </summary>
public sealed class ThemeStyles : MudThemeProvider
{
    private const string ChartStyle = "<style>\n    .mud-chart-serie:hover {\n        filter: url(#lighten);\n    }\n\n    .mud-chart-serie-hovered \n    {\n        filter: url(#lighten);\n    }\n</style>\n\n";

    private static readonly ConcurrentDictionary<bool, string> Rendered = new();

    public ThemeStyles()
    {
        Theme = ThemePreferences.Theme;
        ObserveSystemDarkModeChange = false;
    }

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        // The parameter's backing state is MudThemeProvider's own (private); by the time it renders, both hold the value given.
#pragma warning disable MUD0010
        var dark = IsDarkMode;
#pragma warning restore MUD0010
        __builder.AddMarkupContent(0, Rendered.GetOrAdd(dark, _ => dark ? DarkVariables() : LightStyles()));
    }

    private string LightStyles() => BuildMudBlazorScrollbar() + ChartStyle + BuildTheme();

    private string DarkVariables()
    {
        var css = new StringBuilder().Append("<style>\n.").Append(ThemePreferences.DarkClass).Append("{\n");
        GenerateTheme(css);
        return css.Append("}\n</style>\n").ToString();
    }
}
