using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// Renders fragments to HTML outside any circuit with <see cref="HtmlRenderer"/>: once per change for
/// all the watchers of a view, with the same components the pages render.
/// </summary>
public sealed class LiveFragmentRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
{
    public async Task<Dictionary<string, string>> RenderAsync(IEnumerable<LiveFragment> fragments)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var html = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var fragment in fragments)
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = fragment.Model });
                var output = await renderer.RenderComponentAsync(fragment.Component, parameters);
                html[fragment.ElementId] = output.ToHtmlString();
            }

            return html;
        });
    }
}
