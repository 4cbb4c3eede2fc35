using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Web.Data;
using Workspace.Web.Features.Goals;

namespace Workspace.Benchmarks;

/// <summary>
/// Timed runs of the full save path that BenchmarkDotNet's one-operation-at-a-time model does not fit:
/// persisted edits per second with concurrent editors (each on their own goal), and 40 people saving
/// the title of one goal at the same moment (every save must either land in the history or come back
/// as a conflict the person sees — none silently lost).
/// </summary>
public static class SaveRuns
{
    public static async Task<int> RunAsync(string? jsonPath, int concurrency, TimeSpan duration, int people, int rounds, TimeSpan warmup)
    {
        var single = await ThroughputAsync(1, duration / 2, warmup);
        Print("one editor", single);
        var throughput = await ThroughputAsync(concurrency, duration, warmup);
        Print(string.Create(CultureInfo.InvariantCulture, $"{concurrency} concurrent editors"), throughput);
        var oneGoal = await OneGoalAsync(people, rounds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one goal: {people} people × {rounds} saves: {oneGoal.Saved} saved, {oneGoal.Conflicts} conflicts shown, {oneGoal.Lost} lost, p50 {oneGoal.P50:0.0} ms, p99 {oneGoal.P99:0.0} ms"));
        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
            {
                editsPerSecond = throughput.EditsPerSecond,
                p50 = throughput.P50,
                p99 = throughput.P99,
                cpuMsPerSave = throughput.CpuMsPerSave,
                kbAllocatedPerSave = throughput.KbAllocatedPerSave,
                commandsPerSave = throughput.CommandsPerSave,
                contextsPerSave = throughput.ContextsPerSave,
                compilationsPerSave = throughput.CompilationsPerSave,
                concurrency,
                warmupSeconds = warmup.TotalSeconds,
                single = new { editsPerSecond = single.EditsPerSecond, p50 = single.P50, p99 = single.P99, cpuMsPerSave = single.CpuMsPerSave },
                oneGoal = new { people, edits = oneGoal.Saved + oneGoal.Conflicts, saved = oneGoal.Saved, conflicts = oneGoal.Conflicts, lost = oneGoal.Lost, p50 = oneGoal.P50, p99 = oneGoal.P99 },
            }));
        }

        return oneGoal.Lost == 0 ? 0 : 1;
    }

    private static void Print(string who, Throughput run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"saves, {who}: {run.EditsPerSecond:0}/s, p50 {run.P50:0.00} ms, p99 {run.P99:0.0} ms, {run.CpuMsPerSave:0.000} ms CPU and {run.KbAllocatedPerSave:0.0} KB allocated per save; per save {run.CommandsPerSave:0.##} SQL commands, {run.ContextsPerSave:0.##} contexts built, {run.CompilationsPerSave:0.##} query compilations"));

    /// <summary>What one timed run of concurrent editors measured.</summary>
    public sealed record Throughput(
        double EditsPerSecond, double P50, double P99, double CpuMsPerSave, double KbAllocatedPerSave,
        double CommandsPerSave, double ContextsPerSave, double CompilationsPerSave);

    private static async Task<Throughput> ThroughputAsync(int concurrency, TimeSpan duration, TimeSpan warmup)
    {
        await using var host = await BenchHost.CreateAsync(concurrency, concurrency);
        var goals = host.Services.CreateScope().ServiceProvider.GetRequiredService<GoalService>();
        var titles = new string[concurrency];
        for (var worker = 0; worker < concurrency; worker++)
        {
            titles[worker] = (await goals.GetAsync(host.Editors[worker], host.PartnershipId, host.GoalIds[worker])).Value!.Summary.Title;
        }

        var edit = 0;
        async Task<double> SaveAsync(int worker)
        {
            var value = string.Create(CultureInfo.InvariantCulture, $"Worker {worker} edit {Interlocked.Increment(ref edit)}");
            var started = Stopwatch.GetTimestamp();
            var saved = await goals.SaveFieldAsync(host.Editors[worker], host.PartnershipId, host.GoalIds[worker], GoalField.Title, titles[worker], value);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!saved.Succeeded || !saved.Value!.Saved)
            {
                throw new InvalidOperationException($"Worker {worker}'s save on its own goal did not go through.");
            }

            titles[worker] = value;
            return elapsed;
        }

        async Task<double[]> RunAsync(TimeSpan length)
        {
            var times = new ConcurrentBag<double>();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
            {
                while (watch.Elapsed < length)
                {
                    times.Add(await SaveAsync(worker));
                }
            })));
            return [.. times];
        }

        // Warm-up first: the JIT (tier 0, then tier 1), EF's query cache and the connection pool are the
        // harness's start-up, not the cost of a save.
        await RunAsync(warmup);
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var sorted = (await RunAsync(duration)).Order().ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        // Counted apart from the timed run, one save at a time, so that counting costs the timed run nothing.
        // EF checks whether anyone listens only every so often, so the counters start after a pause.
        const int Counted = 100;
        using var counters = new EfCounters();
        for (var n = 0; n < 20; n++)
        {
            await SaveAsync(n % concurrency);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await SaveAsync(0);
        counters.Reset();
        for (var n = 0; n < Counted; n++)
        {
            await SaveAsync(n % concurrency);
        }

        var saves = Math.Max(1, sorted.Length);
        return new Throughput(
            sorted.Length / seconds, Rank(sorted, 0.50), Rank(sorted, 0.99), cpuMs / saves, bytes / 1024.0 / saves,
            (double)counters.Commands / Counted, (double)counters.Contexts / Counted, (double)counters.Compilations / Counted);
    }

    private static async Task<(int Saved, int Conflicts, int Lost, double P50, double P99)> OneGoalAsync(int people, int rounds)
    {
        await using var host = await BenchHost.CreateAsync(1, people);
        var goals = host.Services.CreateScope().ServiceProvider.GetRequiredService<GoalService>();
        var goal = host.GoalIds[0];
        var initial = (await goals.GetAsync(host.ContributorId, host.PartnershipId, goal)).Value!.Summary.Title;
        var times = new ConcurrentBag<double>();
        var savedValues = new ConcurrentBag<string>();
        var conflicts = 0;
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, people).Select(person => Task.Run(async () =>
        {
            start.Wait();
            var user = host.Editors[person];
            for (var round = 0; round < rounds; round++)
            {
                var seen = (await goals.GetAsync(user, host.PartnershipId, goal)).Value!.Summary.Title;
                var value = string.Create(CultureInfo.InvariantCulture, $"Person {person} round {round}");
                var started = Stopwatch.GetTimestamp();
                var saved = await goals.SaveFieldAsync(user, host.PartnershipId, goal, GoalField.Title, seen, value);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!saved.Succeeded)
                {
                    throw new InvalidOperationException(saved.Error!.Message);
                }

                if (saved.Value!.Saved)
                {
                    savedValues.Add(value);
                }
                else
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        // Every save reported as saved is in the history, and the history is one unbroken chain: each
        // change starts from the value the previous one left, so nothing was overwritten unseen.
        var factory = host.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var records = await db.ChangeRecords.AsNoTracking()
            .Where(c => c.EntityId == goal.ToString() && c.Field == nameof(GoalField.Title))
            .OrderBy(c => c.Id)
            .Select(c => new { c.OldValue, c.NewValue })
            .ToListAsync();
        var inHistory = records.Select(r => r.NewValue).ToHashSet(StringComparer.Ordinal);
        var lost = savedValues.Count(v => !inHistory.Contains(v));
        var previous = initial;
        foreach (var record in records)
        {
            if (record.OldValue != previous)
            {
                lost++;
            }

            previous = record.NewValue ?? "";
        }

        var sorted = times.Order().ToArray();
        return (savedValues.Count, conflicts, lost, Rank(sorted, 0.50), Rank(sorted, 0.99));
    }

    private static double Rank(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
