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
    public static async Task<int> RunAsync(string? jsonPath, int concurrency, TimeSpan duration, int people, int rounds)
    {
        var throughput = await ThroughputAsync(concurrency, duration);
        var oneGoal = await OneGoalAsync(people, rounds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"saves: {throughput.EditsPerSecond:0}/s with {concurrency} concurrent editors, p50 {throughput.P50:0.0} ms, p99 {throughput.P99:0.0} ms, {throughput.CpuMsPerSave:0.00} ms CPU per save"));
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
                concurrency,
                oneGoal = new { people, edits = oneGoal.Saved + oneGoal.Conflicts, saved = oneGoal.Saved, conflicts = oneGoal.Conflicts, lost = oneGoal.Lost, p50 = oneGoal.P50, p99 = oneGoal.P99 },
            }));
        }

        return oneGoal.Lost == 0 ? 0 : 1;
    }

    private static async Task<(double EditsPerSecond, double P50, double P99, double CpuMsPerSave)> ThroughputAsync(int concurrency, TimeSpan duration)
    {
        await using var host = await BenchHost.CreateAsync(concurrency, concurrency);
        var goals = host.Services.CreateScope().ServiceProvider.GetRequiredService<GoalService>();
        var times = new ConcurrentBag<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var user = host.Editors[worker];
            var goal = host.GoalIds[worker];
            var title = (await goals.GetAsync(user, host.PartnershipId, goal)).Value!.Summary.Title;
            for (var n = 0; watch.Elapsed < duration; n++)
            {
                var value = string.Create(CultureInfo.InvariantCulture, $"Worker {worker} edit {n}");
                var started = Stopwatch.GetTimestamp();
                var saved = await goals.SaveFieldAsync(user, host.PartnershipId, goal, GoalField.Title, title, value);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (saved.Succeeded && saved.Value!.Saved)
                {
                    title = value;
                }
            }
        })));
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var sorted = times.Order().ToArray();
        return (sorted.Length / watch.Elapsed.TotalSeconds, Rank(sorted, 0.50), Rank(sorted, 0.99), cpuMs / Math.Max(1, sorted.Length));
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
