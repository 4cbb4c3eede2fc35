using Microsoft.AspNetCore.Components;
using Workspace.Web.Features.Goals;

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

    private const int RowsPerSection = 8;
    private static readonly WallSection[] Sections = Enum.GetValues<WallSection>();

    private int _index;
    private bool _paused;
    private Timer? _timer;

    /// <summary>Seconds per section (5–300), from <c>?seconds=</c>; 15 by default.</summary>
    [SupplyParameterFromQuery(Name = "seconds")]
    public int? SecondsParameter { get; set; }

    private int Seconds => Math.Clamp(SecondsParameter ?? 15, 5, 300);

    private WallSection Current => Sections[_index];

    // Kept while the view's goals and indicators are the same lists, so a live event that changed
    // neither gives the wall's tables the same rows and they skip the render.
    private (IReadOnlyList<GoalSummary> From, DateOnly Today, IReadOnlyList<GoalSummary> Rows)? _goalsNeedingAttention;
    private (IReadOnlyList<DashboardIndicator> From, IReadOnlyList<DashboardIndicator> Rows)? _indicatorsToWatch;

    private IReadOnlyList<GoalSummary> GoalsNeedingAttention
    {
        get
        {
            if (_goalsNeedingAttention is not { } known || !ReferenceEquals(known.From, View!.Goals) || known.Today != View.Today)
            {
                known = (View!.Goals, View.Today, [.. View.Goals
                    .Where(g => g.Status is GoalStatus.OffTrack or GoalStatus.AtRisk || DashboardRules.IsOverdue(g, View.Today))
                    .OrderBy(g => g.Status == GoalStatus.OffTrack ? 0 : g.Status == GoalStatus.AtRisk ? 1 : 2)
                    .ThenBy(g => g.Progress ?? 0)
                    .Take(RowsPerSection)]);
                _goalsNeedingAttention = known;
            }

            return known.Rows;
        }
    }

    private IReadOnlyList<DashboardIndicator> IndicatorsNeedingAttention
    {
        get
        {
            if (_indicatorsToWatch is not { } known || !ReferenceEquals(known.From, View!.Indicators))
            {
                known = (View!.Indicators, [.. View.Indicators
                    .OrderByDescending(i => i.Disagreement)
                    .ThenBy(i => i.Progress ?? double.MaxValue)
                    .Take(RowsPerSection)]);
                _indicatorsToWatch = known;
            }

            return known.Rows;
        }
    }

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
        if (_paused || View is null)
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
