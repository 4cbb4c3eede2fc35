using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Features.Goals;

namespace Workspace.Benchmarks;

/// <summary>GoalService.SaveFieldAsync on a SQLite file: authorize, validate, save, history row, publish.</summary>
[MemoryDiagnoser]
public class SavePath
{
    private BenchHost _host = default!;
    private GoalService _goals = default!;
    private string _title = "";
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchHost.CreateAsync(100).GetAwaiter().GetResult();
        _goals = _host.Services.CreateScope().ServiceProvider.GetRequiredService<GoalService>();
        _title = _goals.GetAsync(_host.ContributorId, _host.PartnershipId, _host.GoalIds[0]).GetAwaiter().GetResult().Value!.Summary.Title;
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "save a goal title (full save path)")]
    public async Task<bool> SaveTitle()
    {
        var value = $"Bench title {++_next}";
        var saved = await _goals.SaveFieldAsync(_host.ContributorId, _host.PartnershipId, _host.GoalIds[0], GoalField.Title, _title, value);
        _title = value;
        return saved.Succeeded;
    }
}
