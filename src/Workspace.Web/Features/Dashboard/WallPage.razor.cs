using Microsoft.AspNetCore.Components;

namespace Workspace.Web.Features.Dashboard;

public enum WallSection
{
    Status,
    Goals,
    Indicators,
    Actions,
    Risks,
    Decisions,
    Balance,
}

/// <summary>
/// The dashboard for a screen on the wall: one section at a time in large type, moving on every few
/// seconds, live, and reloading itself after a lost connection (workspace.js, <c>[data-wall]</c>).
/// </summary>
public sealed partial class WallPage
{
    protected override bool LoadBeforeInteractive => false;

    private static readonly WallSection[] Sections = Enum.GetValues<WallSection>();

    private int _index;
    private bool _paused;
    private Timer? _timer;

    /// <summary>Seconds per section (5–300), from <c>?seconds=</c>; 15 by default.</summary>
    [SupplyParameterFromQuery(Name = "seconds")]
    public int? SecondsParameter { get; set; }

    private int Seconds => Math.Clamp(SecondsParameter ?? 15, 5, 300);

    private WallSection Current => Sections[_index];

    public static string SectionName(WallSection section) => section switch
    {
        WallSection.Status => "Delivery status",
        WallSection.Goals => "Goals needing attention",
        WallSection.Indicators => "Indicators to watch",
        WallSection.Actions => "Overdue actions",
        WallSection.Risks => "Open risks",
        WallSection.Decisions => "Recent decisions",
        _ => "Balance by sector and organisation",
    };

    protected override async Task<bool> LoadAsync()
    {
        var found = await base.LoadAsync();
        if (found && RendererInfo.IsInteractive)
        {
            _timer ??= new Timer(_ => _ = InvokeAsync(TickAsync), null, TimeSpan.FromSeconds(Seconds), TimeSpan.FromSeconds(Seconds));
        }

        return found;
    }

    private Task TickAsync()
    {
        if (_paused || Parts is null)
        {
            return Task.CompletedTask;
        }

        Move(1);
        // The date moves on for a screen left running overnight.
        Recompute();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private Task NextAsync()
    {
        Move(1);
        return Task.CompletedTask;
    }

    private Task PreviousAsync()
    {
        Move(-1);
        return Task.CompletedTask;
    }

    private void Move(int step)
    {
        _index = (_index + step + Sections.Length) % Sections.Length;
        // A manual move restarts the countdown, so the section stays up for its full time.
        _timer?.Change(TimeSpan.FromSeconds(Seconds), TimeSpan.FromSeconds(Seconds));
    }

    private void TogglePause() => _paused = !_paused;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
