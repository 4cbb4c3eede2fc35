using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Workspace.LoadGen;

public sealed class CoTypeOptions
{
    public required Uri BaseAddress { get; init; }

    public int Typists { get; init; } = 40;

    /// <summary>Keystrokes per second per typist, each typist on its own even schedule (open loop).</summary>
    public double KeystrokesPerSecond { get; init; } = 3;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Typing at the same rate before <see cref="Duration"/> starts, not in the figures: a fresh app spends its first minute
    /// or so of typing compiling its hot code again, optimised (tiered compilation), on the same core.
    /// </summary>
    public TimeSpan Warmup { get; init; }

    public int ConnectConcurrency { get; init; } = 8;

    /// <summary>The accounts that may edit the goal (the observer may not); typists sign in as them in turn.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = WorkshopScenario.DefaultParticipants;

    public string Password { get; init; } = "Demo-Partner-2026!";

    public Guid? PartnershipId { get; init; }

    public Guid? GoalId { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>After the last keystroke, how long every editor may take to have everything acknowledged and delivered.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Waits at most this long for the server to go quiet before typing (see <see cref="LoadOptions.SettleTimeout"/>).</summary>
    public TimeSpan SettleTimeout { get; init; }

    /// <summary>The goal description's limit (Goal.DescriptionMaxLength): a run that would pass it is refused before typing.</summary>
    public int MaxTextLength { get; init; } = 20_000;
}

public sealed record CoTypeReport
{
    public string Scenario { get; init; } = "co-typing (goal description)";
    public required int TypistsRequested { get; init; }
    public required int TypistsReady { get; init; }
    public required int ConnectErrors { get; init; }
    public required double ConnectSeconds { get; init; }
    public required double KeystrokesPerSecondPerTypist { get; init; }
    public required double TypingSeconds { get; init; }

    /// <summary>Seconds typed before the measured part (see <see cref="CoTypeOptions.Warmup"/>).</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>Keystroke → other screens during the warm-up: what a freshly started app gives.</summary>
    public Percentiles? WarmupKeystrokeToOtherScreen { get; init; }

    public double? WarmupServerCpuMsPerKeystroke { get; init; }
    public required int KeystrokesTyped { get; init; }
    public required int OperationsSent { get; init; }
    public required int KeystrokesAcknowledged { get; init; }
    public required int KeystrokesLost { get; init; }
    public required long DeliveriesExpected { get; init; }
    public required long Delivered { get; init; }

    /// <summary>Keystroke (typed, maybe buffered behind the operation in flight) → each other typist's editor receives it.</summary>
    public required Percentiles KeystrokeToOtherScreen { get; init; }

    /// <summary>Keystroke → the last of the other typists has it.</summary>
    public required Percentiles KeystrokeToLastOtherScreen { get; init; }

    public required Percentiles KeystrokeToOwnAck { get; init; }
    public required Percentiles SubmitRoundTrip { get; init; }
    public required bool Converged { get; init; }
    public required int TypistsDiverged { get; init; }
    public required long ServerRevision { get; init; }
    public required int ServerTextLength { get; init; }
    public double? ServerCpuMsPerKeystroke { get; init; }

    /// <summary>Server CPU per keystroke divided by the other screens it reached (typists − 1).</summary>
    public double? ServerCpuMsPerKeystrokePerViewer { get; init; }

    public double? ServerCpuShareOfOneCore { get; init; }
    public double? SettleSeconds { get; init; }
    public bool? Settled { get; init; }
    public required int Retries { get; init; }

    /// <summary>Pages opened again because the click's handler id had gone stale (not an error).</summary>
    public int PagesReopened { get; init; }

    /// <summary>Reads of missed operations through the circuits (gaps the hub did not fill within 300 ms, joins).</summary>
    public int CatchUps { get; init; }
    public required int Errors { get; init; }
    public required IReadOnlyList<string> ErrorSamples { get; init; }
    public required string JsCalls { get; init; }
    public string? LoadAverageBefore { get; init; }
    public string? LoadAverageAfter { get; init; }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"scenario: {Scenario}");
        text.AppendLine(c, $"typists: {TypistsReady}/{TypistsRequested} editing in {ConnectSeconds:0.0} s, {ConnectErrors} connect errors, {PagesReopened} pages opened again");
        if (WarmupSeconds > 0)
        {
            text.AppendLine(c, $"warm-up (not in the figures below): {WarmupSeconds:0} s typed first; keystroke → other screen {WarmupKeystrokeToOtherScreen}, server CPU {WarmupServerCpuMsPerKeystroke:0.00} ms per keystroke");
        }

        text.AppendLine(c, $"typing: {KeystrokesTyped} keystrokes ({KeystrokesPerSecondPerTypist:0.##}/s per typist; the last {TypingSeconds:0.0} s measured) in {OperationsSent} operations; {KeystrokesAcknowledged} acknowledged, {KeystrokesLost} lost, {Retries} resends, {CatchUps} catch-up reads");
        text.AppendLine(c, $"delivered: {Delivered}/{DeliveriesExpected} keystrokes to other screens");
        text.AppendLine(c, $"keystroke → other screen: {KeystrokeToOtherScreen}");
        text.AppendLine(c, $"keystroke → last other screen: {KeystrokeToLastOtherScreen}");
        text.AppendLine(c, $"keystroke → own ack: {KeystrokeToOwnAck}; submit round trip: {SubmitRoundTrip}");
        text.AppendLine(c, $"converged: {(Converged ? "yes" : "NO")} ({TypistsDiverged} typists differ from the server's text; revision {ServerRevision}, {ServerTextLength} characters)");
        text.AppendLine(ServerCpuMsPerKeystroke is { } cpu
            ? string.Create(c, $"server CPU: {cpu:0.00} ms per keystroke, {ServerCpuMsPerKeystrokePerViewer:0.000} ms per keystroke per viewer, {ServerCpuShareOfOneCore:P0} of one core while typing")
            : "server CPU: not measured (no /_bench/cpu endpoint)");
        if (SettleSeconds is { } settle)
        {
            text.AppendLine(c, $"settle: {(Settled == true ? "quiet" : "still busy")} after {settle:0.0} s");
        }

        text.AppendLine(c, $"load average: {LoadAverageBefore} before, {LoadAverageAfter} after");
        text.AppendLine(c, $"errors: {Errors}");
        foreach (var sample in ErrorSamples)
        {
            text.AppendLine(c, $"  {sample}");
        }

        text.AppendLine(c, $"JS calls answered: {JsCalls}");
        return text.ToString();
    }
}

/// <summary>
/// Issue 21: N typists in one goal description. Each is a real circuit on the goal page that clicks "Edit description"
/// and plays co-text.js (<see cref="CoTypist"/>); all type at the given rate; every keystroke is timed until each
/// other typist's editor receives it. At the end a late editor opens the text and every typist must hold its text.
/// </summary>
public sealed class CoTypeRun(CoTypeOptions options, TextWriter? log = null)
{
    public const string EditLabel = "Edit description";

    private const int ClickAttempts = 5;

    private readonly TextWriter _log = log ?? TextWriter.Null;

    public async Task<CoTypeReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = options;
        var loadBefore = LoadAverage();
        var cookies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in o.Accounts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            cookies[account] = await AccountSession.SignInAsync(o.BaseAddress, account, o.Password, cancellationToken);
        }

        using var pageHttp = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
        using var http = AccountSession.SignedInClient(o.BaseAddress, cookies[o.Accounts[0]], TimeSpan.FromMinutes(1));
        var path = await new GoalPageScenario(o.PartnershipId, o.GoalId).PrepareAsync(http, cancellationToken);
        _log.WriteLine($"typing into the description of {o.BaseAddress}{path}");

        var keystrokesEach = (int)Math.Ceiling((o.Warmup + o.Duration).TotalSeconds * o.KeystrokesPerSecond);
        var ledger = new CoTypeLedger(o.Typists, (o.Typists * keystrokesEach) + o.Typists);
        var answers = new JsAnswers(new(StringComparer.Ordinal)
        {
            ["workspace.timeZone"] = System.Text.Json.Nodes.JsonValue.Create("Europe/London"),
            ["workspace.copyText"] = System.Text.Json.Nodes.JsonValue.Create(true),
        });

        // Connect, open the editor in each circuit, wait until every editor has attached and started.
        var connectWatch = Stopwatch.StartNew();
        var typists = new CoTypist[o.Typists];
        var connectErrors = 0;
        using (var gate = new SemaphoreSlim(Math.Max(1, o.ConnectConcurrency)))
        {
            await Task.WhenAll(Enumerable.Range(0, o.Typists).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    typists[i] = await OpenEditorAsync(i, cookies[o.Accounts[i % o.Accounts.Count]], path, ledger, answers, pageHttp, cancellationToken);
                }
#pragma warning disable CA1031 // Connect failures are counted in the report.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref connectErrors);
                    ledger.Error(i, $"connect: {ex.Message}");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var ready = typists.Where(t => t is not null && t.Started).ToArray();
        connectWatch.Stop();
        _log.WriteLine($"{ready.Length} editors open in {connectWatch.Elapsed.TotalSeconds:0.0} s");

        var startLength = ready.Select(t => t.Doc.Length).DefaultIfEmpty(0).Max();
        if (startLength + (ready.Length * keystrokesEach) > o.MaxTextLength)
        {
            await CloseAllAsync(typists, pageHttp);
            throw new InvalidOperationException(
                $"The description holds {startLength} characters; {ready.Length} typists × {keystrokesEach} keystrokes would pass its limit of {o.MaxTextLength}. Use a fresh app (or another --goal), fewer typists or a shorter run.");
        }

        var (settleSeconds, settled) = await LoadRun.SettleAsync(http, new LoadOptions { BaseAddress = o.BaseAddress, SettleTimeout = o.SettleTimeout }, cancellationToken);
        var cpuStart = await LoadRun.CpuReportAsync(http, cancellationToken);

        // Each typist on its own even schedule, phases spread over one interval; the figures start after the warm-up.
        var typingWatch = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / o.KeystrokesPerSecond);
        var typing = Task.WhenAll(ready.Select(async (typist, n) =>
        {
            var phase = interval * n / ready.Length;
            for (var k = 0; k < keystrokesEach; k++)
            {
                var due = phase + (interval * k) - typingWatch.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                typist.Type();
            }
        }));
        var cpuWarm = cpuStart;
        var warmupTyped = 0;
        if (o.Warmup > TimeSpan.Zero)
        {
            await Task.WhenAny(typing, Task.Delay(o.Warmup, cancellationToken));
            ledger.MeasureFrom(Stopwatch.GetTimestamp());
            warmupTyped = ledger.TypedCount;
            cpuWarm = await LoadRun.CpuReportAsync(http, cancellationToken);
        }

        var measureWatch = Stopwatch.StartNew();
        await typing;
        var typingSeconds = measureWatch.Elapsed.TotalSeconds;
        var measuredTyped = ledger.TypedCount - warmupTyped;
        _log.WriteLine($"typed {ledger.TypedCount} keystrokes in {typingWatch.Elapsed.TotalSeconds:0.0} s, {measuredTyped} of them after the warm-up");

        // Everything acknowledged and every editor at the same revision.
        await LoadRun.WaitUntilAsync(
            () => ready.All(t => t.Settled) && ready.Select(t => t.Revision).Distinct().Count() == 1, o.DeliveryTimeout, cancellationToken);
        var cpuEnd = await LoadRun.CpuReportAsync(http, cancellationToken);
        var cpuSeconds = measureWatch.Elapsed.TotalSeconds;

        // A late editor opens the stored text: every typist must hold exactly it.
        var late = await OpenEditorAsync(o.Typists, cookies[o.Accounts[0]], path, ledger, answers, pageHttp, cancellationToken);
        var (serverText, serverRevision) = late.AttachedWith ?? ("", -1);
        var diverged = ready.Count(t => t.Doc != serverText || t.Revision != serverRevision);
        var acknowledged = ledger.AcknowledgedCount();
        var others = ready.Length - 1;
        var measuredAcknowledged = ledger.AcknowledgedCount(measured: true);
        var warmupAcknowledged = ledger.AcknowledgedCount(measured: false);
        var cpuMs = cpuWarm is not null && cpuEnd is not null ? cpuEnd.CpuMilliseconds - cpuWarm.CpuMilliseconds : (double?)null;
        var warmupCpuMs = cpuStart is not null && cpuWarm is not null ? cpuWarm.CpuMilliseconds - cpuStart.CpuMilliseconds : (double?)null;

        var report = new CoTypeReport
        {
            TypistsRequested = o.Typists,
            TypistsReady = ready.Length,
            ConnectErrors = connectErrors,
            ConnectSeconds = connectWatch.Elapsed.TotalSeconds,
            KeystrokesPerSecondPerTypist = ready.Length == 0 ? 0 : measuredTyped / typingSeconds / ready.Length,
            TypingSeconds = typingSeconds,
            WarmupSeconds = o.Warmup.TotalSeconds,
            WarmupKeystrokeToOtherScreen = o.Warmup > TimeSpan.Zero ? ledger.ToOthersWarmingUp() : null,
            WarmupServerCpuMsPerKeystroke = warmupCpuMs is { } warm && warmupAcknowledged > 0 ? warm / warmupAcknowledged : null,
            KeystrokesTyped = ledger.TypedCount,
            OperationsSent = ledger.OperationsSent,
            KeystrokesAcknowledged = acknowledged,
            KeystrokesLost = ledger.TypedCount - acknowledged,
            DeliveriesExpected = (long)acknowledged * others,
            Delivered = ledger.Delivered(),
            KeystrokeToOtherScreen = ledger.ToOthers(),
            KeystrokeToLastOtherScreen = ledger.ToLastOther(others),
            KeystrokeToOwnAck = ledger.ToOwnAck(),
            SubmitRoundTrip = ledger.SubmitRoundTrips(),
            Converged = diverged == 0 && serverRevision >= 0,
            TypistsDiverged = diverged,
            ServerRevision = serverRevision,
            ServerTextLength = serverText.Length,
            ServerCpuMsPerKeystroke = cpuMs is { } ms && measuredAcknowledged > 0 ? ms / measuredAcknowledged : null,
            ServerCpuMsPerKeystrokePerViewer = cpuMs is { } ms2 && measuredAcknowledged > 0 && others > 0 ? ms2 / measuredAcknowledged / others : null,
            ServerCpuShareOfOneCore = cpuMs / (cpuSeconds * 1000),
            SettleSeconds = settleSeconds,
            Settled = settled,
            Retries = ledger.RetryCount,
            PagesReopened = ledger.ReopenedCount,
            CatchUps = ledger.CatchUpCount,
            Errors = ledger.ErrorCount,
            ErrorSamples = [.. ledger.Errors],
            JsCalls = answers.ToString(),
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = LoadAverage(),
        };

        await CloseAllAsync([.. typists, late], pageHttp);
        return report;
    }

    /// <summary>Opens the goal page in a new circuit and clicks "Edit description"; returns once the editor has attached and started.</summary>
    private async Task<CoTypist> OpenEditorAsync(
        int index, string cookie, string path, CoTypeLedger ledger, JsAnswers answers, HttpClient http, CancellationToken cancellationToken)
    {
        // A re-render between the page's first batch and the click (another typist's presence) gives the button a new
        // handler id, which this reader only sees in a full render: the click then fails and a fresh page is opened.
        for (var attempt = 1; ; attempt++)
        {
            var circuit = new CircuitClient(index, options.BaseAddress, cookie, ledger, answers);
            var typist = new CoTypist(index, circuit, ledger);
            ledger.Members[index] = typist;
            try
            {
                await circuit.StartAsync(http, path, cancellationToken);
                await LoadRun.WaitUntilAsync(() => typist.EditHandler != 0, options.ReadyTimeout, cancellationToken);
                if (typist.EditHandler == 0)
                {
                    throw new InvalidOperationException($"No \"{EditLabel}\" button rendered (may this account edit the goal?).");
                }

                try
                {
                    await circuit.ClickAsync(typist.EditHandler).WaitAsync(options.ReadyTimeout, cancellationToken);
                }
                catch (InvalidOperationException) when (attempt < ClickAttempts)
                {
                    ledger.Reopened();
                    await typist.DisposeAsync();
                    await circuit.CloseAsync(http, cancellationToken);
                    await circuit.DisposeAsync();
                    continue;
                }

                await LoadRun.WaitUntilAsync(() => typist.Started, options.ReadyTimeout, cancellationToken);
                if (!typist.Started)
                {
                    throw new InvalidOperationException($"The editor did not start (JS calls so far: {answers}; {string.Join("; ", ledger.Errors)}).");
                }

                // As the page's co-text.js: the others' operations come on the hub.
                await typist.JoinHubAsync(cookie, cancellationToken);
                return typist;
            }
            catch
            {
                await typist.DisposeAsync();
                await circuit.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task CloseAllAsync(IEnumerable<CoTypist?> typists, HttpClient http)
    {
        foreach (var typist in typists.OfType<CoTypist>())
        {
            await typist.DisposeAsync();
            try
            {
                await typist.Circuit.CloseAsync(http);
            }
#pragma warning disable CA1031 // Closing is best effort; the server drops what is left when the run ends.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            finally
            {
                await typist.Circuit.DisposeAsync();
            }
        }
    }

    private static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
}
