using Microsoft.JSInterop;

namespace Workspace.Web.Components.Common;

/// <summary>The browser's time zone, asked once per circuit, so UTC times are shown in the viewer's zone.</summary>
public sealed class ViewerTimeZone(IJSRuntime js)
{
    private Task<TimeZoneInfo?>? _zone;

    public Task<TimeZoneInfo?> GetAsync() => _zone ??= LoadAsync();

    private async Task<TimeZoneInfo?> LoadAsync()
    {
        try
        {
            var id = await js.InvokeAsync<string>("workspace.timeZone");
            return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (JSException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Prerendering: no browser yet.
            _zone = null;
            return null;
        }
    }
}
