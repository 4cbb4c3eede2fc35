using BenchmarkDotNet.Attributes;

namespace Workspace.Benchmarks;

/// <summary>The goals page: its queries and the server render of the whole list, for 100, 1,000 and 10,000 goals.</summary>
[MemoryDiagnoser]
public class GoalsPageRender
{
    private BenchHost _host = default!;

    [Params(100, 1_000, 10_000)]
    public int Goals { get; set; }

    [GlobalSetup]
    public void Setup() => _host = BenchHost.CreateAsync(Goals).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "goals page: query + server render")]
    public Task<string> QueryAndRender() => _host.RenderGoalsPageAsync();
}
