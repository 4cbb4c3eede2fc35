using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// Renders fragments to HTML outside any circuit with <see cref="HtmlRenderer"/>: once per change for
/// all the watchers of a view, with the same components the pages render.
/// </summary>
public sealed class LiveFragmentRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
{
    public Task<Dictionary<string, string>> RenderAsync(IEnumerable<LiveFragment> fragments) =>
        RenderAsync(fragments.Select(f => (f.ElementId, f.Component, f.Model)));

    /// <summary>Renders each component with its one <c>Model</c> parameter, in one renderer; the HTML by the key given.</summary>
    public async Task<Dictionary<string, string>> RenderAsync(IEnumerable<(string Key, Type Component, object Model)> parts)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var html = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, component, model) in parts)
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model });
                var output = await renderer.RenderComponentAsync(component, parameters);
                html[key] = output.ToHtmlString();
            }

            return html;
        });
    }
}
