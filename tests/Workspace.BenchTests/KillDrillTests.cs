using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Workspace.LoadGen;
using Workspace.Web.Data;

namespace Workspace.BenchTests;

/// <summary>
/// Fault drill: the server is killed (SIGKILL) at a random moment while several people save through the
/// real service path, then restarted on the same database; every save whose HTTP response said OK must
/// be there, and every audit chain must still verify. The seed is printed; set KILL_DRILL_SEED to replay.
/// </summary>
public sealed class KillDrillTests : IDisposable
{
    private const int Rounds = 3;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-kill-drill-{Guid.NewGuid():N}");

    public KillDrillTests() => Directory.CreateDirectory(_folder);

    private string DatabasePath => Path.Combine(_folder, "workspace.db");

    private string KeysPath => Path.Combine(_folder, "keys");

    [Fact]
    public async Task Killed_at_random_moments_every_acknowledged_save_is_there_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KILL_DRILL_SEED"), CultureInfo.InvariantCulture, out var replay) ? replay : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"Kill drill seed: {seed} (KILL_DRILL_SEED={seed} replays it)");
        var random = new Random(seed);
        var acknowledged = new Acknowledged();
        (Guid Partnership, Guid GoalA, Guid GoalB)? ids = null;

        for (var round = 1; round <= Rounds; round++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var app = await AppProcess.StartAsync(DatabasePath, KeysPath, ct);
            var before = acknowledged.Count;
            ids ??= await DemoIdsAsync(ct);
            var (partnership, goalA, goalB) = ids.Value;
            var facilitator = await AccountSession.SignInAsync(app.BaseAddress, "facilitator@demo.local", DemoData.Password, ct);
            var contributor = await AccountSession.SignInAsync(app.BaseAddress, "contributor@demo.local", DemoData.Password, ct);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = new[]
            {
                StreamAsync(app.BaseAddress, facilitator, $"_bench/log/{partnership}/decisions?title=", $"r{round} facilitator decision", acknowledged.Decisions, firstAck, stop.Token),
                StreamAsync(app.BaseAddress, contributor, $"_bench/log/{partnership}/decisions?title=", $"r{round} contributor decision", acknowledged.Decisions, firstAck, stop.Token),
                StreamAsync(app.BaseAddress, facilitator, $"_bench/goals/{partnership}/{goalA}/title?value=", $"r{round} goal A title", acknowledged.TitlesOf(goalA), firstAck, stop.Token),
                StreamAsync(app.BaseAddress, contributor, $"_bench/goals/{partnership}/{goalB}/title?value=", $"r{round} goal B title", acknowledged.TitlesOf(goalB), firstAck, stop.Token),
            };

            // Kill at a random moment once saves are flowing (the first ones wait for the JIT).
            await firstAck.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            var killAfter = random.Next(50, 1500);
            await Task.Delay(TimeSpan.FromMilliseconds(killAfter), ct);
            await app.KillAsync();
            await stop.CancelAsync();
            var refused = await Task.WhenAll(writers);
            Assert.All(refused, r => Assert.Null(r));

            await AssertEverythingAcknowledgedIsStoredAsync(acknowledged, partnership, $"seed {seed}, after kill {round}", ct);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Round {round}: killed {killAfter} ms after the first acknowledgement, {acknowledged.Count - before} saves acknowledged, all stored ({started.Elapsed.TotalSeconds:F1} s).");
        }

        // The last restart: the app starts on the killed database, serves, and still has everything.
        await using (var restarted = await AppProcess.StartAsync(DatabasePath, KeysPath, ct))
        {
            using var http = new HttpClient { BaseAddress = restarted.BaseAddress };
            using var login = await http.GetAsync(new Uri("Account/Login", UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            await AssertEverythingAcknowledgedIsStoredAsync(acknowledged, ids!.Value.Partnership, $"seed {seed}, after the last restart", ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged saves over {Rounds} kills, all stored.");
    }

    /// <summary>
    /// Saves one after another until the server stops answering; a save counts as acknowledged only when
    /// its response says OK. Returns the first response that was neither OK nor a connection failure.
    /// </summary>
    private static async Task<string?> StreamAsync(
        Uri baseAddress, string cookie, string path, string label, ConcurrentBag<string> acknowledged, TaskCompletionSource firstAck, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var value = $"{label} {i:D4}";
            try
            {
                using var response = await http.PostAsync(new Uri(path + Uri.EscapeDataString(value), UriKind.Relative), null, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return $"{value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                }

                acknowledged.Add(value);
                firstAck.TrySetResult();
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // The server was killed with this save in flight: its outcome is unknown, so it is not counted.
                return null;
            }
        }

        return null;
    }

    private async Task AssertEverythingAcknowledgedIsStoredAsync(Acknowledged acknowledged, Guid partnership, string when, CancellationToken ct)
    {
        await using var services = FreshDataServices();
        var factory = services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var decisions = await db.LogEntries.Where(e => e.PartnershipId == partnership).Select(e => e.Title).ToListAsync(ct);
            var missing = acknowledged.Decisions.Except(decisions).ToList();
            Assert.True(missing.Count == 0, $"{when}: acknowledged decisions missing: {string.Join(", ", missing)}");

            foreach (var (goal, titles) in acknowledged.Titles)
            {
                var recorded = await db.ChangeRecords.Where(r => r.GoalId == goal && r.NewValue != null).Select(r => r.NewValue!).ToListAsync(ct);
                var lost = titles.Except(recorded).ToList();
                Assert.True(lost.Count == 0, $"{when}: acknowledged title saves of goal {goal} missing from its history: {string.Join(", ", lost)}");
            }
        }

        var chains = await AuditVerifier.VerifyAllAsync(factory, ct);
        Assert.NotEmpty(chains);
        Assert.All(chains, chain => Assert.True(chain.IsIntact, $"{when}: {chain}"));
        SqliteConnection.ClearAllPools();
    }

    private async Task<(Guid Partnership, Guid GoalA, Guid GoalB)> DemoIdsAsync(CancellationToken ct)
    {
        await using var services = FreshDataServices();
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>().CreateDbContextAsync(ct);
        var partnership = await db.Partnerships.Where(p => p.Name == DemoData.PartnershipName).Select(p => p.Id).SingleAsync(ct);
        var goals = await db.Goals.Where(g => g.PartnershipId == partnership).OrderBy(g => g.Title).Select(g => g.Id).Take(2).ToListAsync(ct);
        SqliteConnection.ClearAllPools();
        return (partnership, goals[0], goals[1]);
    }

    /// <summary>The app's own data registrations on the drill's database, outside the app's process.</summary>
    private ServiceProvider FreshDataServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workspace"] = $"Data Source={DatabasePath}",
        }).Build();
        return new ServiceCollection().AddWorkspaceData(configuration, new DrillEnvironment(_folder)).BuildServiceProvider();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>What the server acknowledged, by writer.</summary>
    private sealed class Acknowledged
    {
        public ConcurrentBag<string> Decisions { get; } = [];

        public ConcurrentDictionary<Guid, ConcurrentBag<string>> Titles { get; } = new();

        public int Count => Decisions.Count + Titles.Values.Sum(t => t.Count);

        public ConcurrentBag<string> TitlesOf(Guid goal) => Titles.GetOrAdd(goal, _ => []);
    }

    private sealed class DrillEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "Workspace.Web";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
