namespace Workspace.Web.Features.LiveViews;

/// <summary>Every registered <see cref="ILiveView"/>, by kind; adding a view is one registration.</summary>
public sealed class LiveViewRegistry
{
    private readonly Dictionary<string, ILiveView> _views;

    public LiveViewRegistry(IEnumerable<ILiveView> views)
    {
        _views = new(StringComparer.Ordinal);
        foreach (var view in views)
        {
            if (!_views.TryAdd(view.Kind, view))
            {
                throw new InvalidOperationException($"Two live views are registered for the kind '{view.Kind}'.");
            }
        }
    }

    public ILiveView? Find(string? kind) => kind is not null && _views.TryGetValue(kind, out var view) ? view : null;
}
