using System.Globalization;
using BenchmarkDotNet.Running;
using Workspace.Benchmarks;

// dotnet run -c Release -- --filter '*' --job short        BenchmarkDotNet (goals page render, save path)
// dotnet run -c Release -- render 1000                   one warm render, with a check that the list is there
// dotnet run -c Release -- dashboard 1000                one warm dashboard load and render, with what the render holds
// dotnet run -c Release -- saves [--json saves.json] [--concurrency 16] [--seconds 10] [--people 40] [--rounds 10] [--warmup 5]
if (args.Length > 0 && args[0] == "saves")
{
    string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    int Number(string name, int fallback) => Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    return await SaveRuns.RunAsync(Option("--json"), Number("--concurrency", 16), TimeSpan.FromSeconds(Number("--seconds", 10)), Number("--people", 40), Number("--rounds", 10), TimeSpan.FromSeconds(Number("--warmup", 5)));
}

if (args.Length > 1 && args[0] == "render")
{
    // A check that the benchmark renders the real list: prints the HTML size and the render time once warm.
    await using var host = await BenchHost.CreateAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    var html = await host.RenderGoalsPageAsync();
    var watch = System.Diagnostics.Stopwatch.StartNew();
    html = await host.RenderGoalsPageAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[1]} goals: {html.Length:N0} characters of HTML, {html.Split("Goal 0").Length - 1} goal titles, {watch.Elapsed.TotalMilliseconds:0.0} ms warm"));
    return 0;
}

if (args.Length > 1 && args[0] == "dashboard")
{
    await using var bench = await DashboardBench.CreateAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
    await bench.RenderAsync();
    await bench.RenderEveryGoalRowAsync();
    await bench.LoadAsync();
    var loadWatch = System.Diagnostics.Stopwatch.StartNew();
    await bench.LoadAsync();
    var load = loadWatch.Elapsed;
    var renderWatch = System.Diagnostics.Stopwatch.StartNew();
    var html = await bench.RenderAsync();
    var render = renderWatch.Elapsed;
    var everyWatch = System.Diagnostics.Stopwatch.StartNew();
    var every = await bench.RenderEveryGoalRowAsync();
    var everyRender = everyWatch.Elapsed;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{args[1]} goals: {bench.View.Goals.Count:N0} goals and {bench.View.Indicators.Count:N0} indicators in the view; {html.Length:N0} characters of HTML with {html.Split("data-goal=").Length - 1} goal rows; load {load.TotalMilliseconds:0.0} ms, render {render.TotalMilliseconds:0.0} ms warm; goals table with every row: {every.Split("data-goal=").Length - 1} rows in {everyRender.TotalMilliseconds:0.0} ms"));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(GoalsPageRender).Assembly).Run(args);
return 0;
