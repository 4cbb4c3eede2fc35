using Microsoft.AspNetCore.Components;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// The workshop's shared notes panel (decision 022): opens the co-typed text for whoever may type, and for everyone
/// else shows the rendered notes, read again after typing (one read at a time, coalescing a burst of keystrokes).
/// </summary>
public sealed partial class SharedNotesPanel
{
    private SharedNotesState _notes = default!;
    private IDisposable? _subscription;
    private WorkshopState? _openedIn;
    private Task? _read;
    private bool _disposed;

    [Parameter, EditorRequired]
    public Guid PartnershipId { get; set; }

    [Parameter, EditorRequired]
    public Guid WorkshopId { get; set; }

    [Parameter, EditorRequired]
    public string UserId { get; set; } = "";

    /// <summary>Who may type changes when the workshop starts, so the panel opens the notes again then.</summary>
    [Parameter, EditorRequired]
    public WorkshopState State { get; set; }

    protected override void OnInitialized()
    {
        _notes = new SharedNotesState(PartnershipId, WorkshopId);
        if (RendererInfo.IsInteractive)
        {
            _subscription = Events.Subscribe(PartnershipId, static change => change is not ITextEditorEvent, change => InvokeAsync(() => OnEvent(change)));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive || _openedIn == State)
        {
            return;
        }

        _openedIn = State;
        var opened = await OpenAsync(CancellationToken.None);
        if (opened.Succeeded)
        {
            _notes.Take(opened.Value!);
        }
    }

    public Task<Result<CoTextState>> OpenAsync(CancellationToken cancellationToken) =>
        CoTyping.OpenWorkshopNotesAsync(UserId, PartnershipId, WorkshopId, cancellationToken);

    private void StartEdit() => _notes.StartEdit();

    /// <summary>Every keystroke is already saved: Done closes the editor and shows the notes as the room sees them.</summary>
    private async Task EditDoneAsync()
    {
        _notes.StopEdit();
        var read = await ReadAsync();
        if (read is not null)
        {
            _notes.Take(read);
        }
    }

    private void OnEvent(PartnershipEvent change)
    {
        if (!_disposed && _notes.Apply(change) && _read is not { IsCompleted: false })
        {
            _read = ReadStaleAsync();
        }
    }

    private async Task ReadStaleAsync()
    {
        try
        {
            while (!_disposed && _notes.Stale)
            {
                _notes.Reading();
                if (await ReadAsync() is { } read && _notes.Take(read))
                {
                    StateHasChanged();
                }
            }
        }
#pragma warning disable CA1031 // A failed live read belongs to this circuit; the next keystroke reads again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task<CoTextState?> ReadAsync()
    {
        var read = _notes.TextId is { } textId
            ? await CoTyping.LoadAsync(UserId, textId)
            : await OpenAsync(CancellationToken.None);
        return read.Succeeded ? read.Value : null;
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
