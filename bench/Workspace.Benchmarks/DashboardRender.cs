using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspace.Web.Data;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;

namespace Workspace.Benchmarks;

/// <summary>
/// The dashboard for 1,000 and 10,000 goals (one indicator with twelve monthly check-ins per five goals,
/// one action per ten goals, half of them overdue, a decision and a risk per fifty): the server render
/// of its figures from a loaded view exactly as the page renders them (the goals table virtualised),
/// and the load from the database that precedes it.
/// </summary>
[MemoryDiagnoser]
public class DashboardRender
{
    private DashboardBench _bench = default!;

    [Params(1_000, 10_000)]
    public int Goals { get; set; }

    [GlobalSetup]
    public void Setup() => _bench = DashboardBench.CreateAsync(Goals).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _bench.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "dashboard: server render of the figures")]
    public Task<string> Render() => _bench.RenderAsync();

    [Benchmark(Description = "goals table with every row (as printed in the report)")]
    public Task<string> RenderEveryRow() => _bench.RenderEveryGoalRowAsync();

    [Benchmark(Description = "dashboard: load from the database")]
    public Task<DashboardView> Load() => _bench.LoadAsync();
}

public sealed class DashboardBench : IAsyncDisposable
{
    private readonly BenchHost _host;
    private DashboardView _view = default!;
    private DashboardParts _parts = default!;

    private DashboardBench(BenchHost host) => _host = host;

    public static async Task<DashboardBench> CreateAsync(int goals)
    {
        var host = await BenchHost.CreateAsync(goals);
        var bench = new DashboardBench(host);
        await bench.SeedAsync();
        var (state, today) = await bench.LoadStateAsync();
        (bench._view, bench._parts) = (state.View(today), state.Parts(today));
        return bench;
    }

    public DashboardView View => _view;

    public async Task<DashboardView> LoadAsync()
    {
        var (state, today) = await LoadStateAsync();
        return state.View(today);
    }

    private async Task<(DashboardState State, DateOnly Today)> LoadStateAsync()
    {
        var dashboards = _host.Services.GetRequiredService<DashboardService>();
        var state = (await dashboards.LoadAsync(_host.ContributorId, _host.PartnershipId)).Value
            ?? throw new InvalidOperationException("The bench person cannot see the dashboard.");
        return (state, dashboards.Today);
    }

    /// <summary>The dashboard's sections rendered to HTML from the loaded view.</summary>
    public Task<string> RenderAsync() => RenderAsync<DashboardSections>(new Dictionary<string, object?>
    {
        [nameof(DashboardSections.Model)] = _parts,
    });

    /// <summary>The goals table without virtualisation: every row, as the printed report has it.</summary>
    public Task<string> RenderEveryGoalRowAsync() => RenderAsync<GoalStatusTable>(new Dictionary<string, object?>
    {
        [nameof(GoalStatusTable.Model)] = _parts.Goals with { Virtualized = false },
    });

    private async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    private async Task SeedAsync()
    {
        var factory = _host.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var person = _host.ContributorId;
        for (var i = 0; i < _host.GoalIds.Count; i++)
        {
            var goalId = _host.GoalIds[i];
            if (i % 5 == 0)
            {
                var indicator = new Indicator
                {
                    Id = Guid.NewGuid(),
                    GoalId = goalId,
                    PartnershipId = _host.PartnershipId,
                    Name = $"Indicator {i:D5}: young people in education or work",
                    Unit = "%",
                    Baseline = 40,
                    Target = 80,
                    Direction = IndicatorDirection.Increase,
                    Cadence = Cadence.Monthly,
                    CreatedUtc = now,
                };
                db.Indicators.Add(indicator);
                for (var month = 12; month >= 1; month--)
                {
                    db.CheckIns.Add(new CheckIn
                    {
                        Id = Guid.NewGuid(),
                        IndicatorId = indicator.Id,
                        Value = 40 + ((12 - month) * 2.5) + (i % 3),
                        AsOf = today.AddMonths(-month),
                        RecordedByUserId = person,
                        RecordedUtc = now.AddMonths(-month),
                    });
                }
            }

            if (i % 10 == 0)
            {
                db.LogEntries.Add(Entry(EntryKind.Action, $"Action {i:D5}: share the referral figures", goalId, now, entry =>
                {
                    entry.AssigneeUserId = person;
                    entry.ActionState = ActionState.Open;
                    entry.DueDate = today.AddDays(i % 20 == 0 ? -7 : 14);
                }));
            }

            if (i % 50 == 0)
            {
                db.LogEntries.Add(Entry(EntryKind.Decision, $"Decision {i:D5}: pool the outreach budget", goalId, now, entry =>
                {
                    entry.DecisionRule = DecisionRule.Consent;
                    entry.ClosedUtc = now.AddDays(-(i % 30));
                    entry.ClosedByUserId = person;
                    entry.Outcome = "Agreed";
                }));
                db.LogEntries.Add(Entry(EntryKind.Risk, $"Risk {i:D5}: funding ends before the pilot", goalId, now, entry =>
                {
                    entry.Likelihood = 1 + (i % 5);
                    entry.Impact = 1 + ((i / 50) % 5);
                    entry.RiskOwnerUserId = person;
                    entry.RiskState = RiskState.Open;
                }));
            }
        }

        await db.SaveChangesAsync();
    }

    private LogEntry Entry(EntryKind kind, string title, Guid goalId, DateTime now, Action<LogEntry> shape)
    {
        var entry = new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = _host.PartnershipId,
            Kind = kind,
            Title = title,
            Body = "",
            AuthorUserId = _host.ContributorId,
            GoalId = goalId,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        shape(entry);
        return entry;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
