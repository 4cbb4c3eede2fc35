using System.Globalization;
using System.Text.Json;
using Workspace.LoadGen;

// Usage: Workspace.LoadGen --url http://127.0.0.1:5183 [--viewers 200] [--edits 100] [--rate 20]
//        [--closed-loop] [--connect-concurrency 8] [--warmup 20] [--editor contributor@demo.local]
//        [--accounts a@x,b@y] [--password P] [--partnership GUID --goal GUID] [--json report.json] [--hold SECONDS]
//        [--edit-url http://127.0.0.1:5184 (edits through another node)] [--spread (a ws_affinity cookie per viewer, behind nginx)]
//        [--page goal|dashboard|workshop] [--participants a@x,b@y] [--facilitator a@x] [--settle SECONDS]
//   hub (watchers on /hubs/live instead of circuits): --page wall|follow [--viewers N] [--edits] [--rate] [--hold SECONDS] [--join-whole]
//        [--warmup-seconds S [--warmup-rate R] (edits at R, or --rate, to the --warmup watchers first, not measured)]
//   failover: --failover --kill-pid PID --kill-node 127.0.0.1:5184 [--viewers 200] [--rate 10] [--before-kill 15]
//             [--after-kill 45] [--acknowledged FILE] (--url is the balancer)
//   co-typing: --page cotype [--typists 40] [--rate 3 (keystrokes/s each)] [--seconds 60] [--warmup-seconds 0 (typed first, not measured)]
//             [--accounts a@x,b@y (who may edit)]
//             [--partnership GUID --goal GUID] [--settle SECONDS] [--delivery-timeout SECONDS] [--json report.json]
//   soak: --soak MINUTES [--viewers 500] [--churn-per-second 5] [--rate 1] [--sample-seconds 60] [--settle 60] [--warmup 20]
var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"Unexpected argument '{args[i]}'.");
        return 2;
    }

    arguments[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
}

string Get(string name, string fallback) => arguments.GetValueOrDefault(name, fallback);
int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
Guid? GetGuid(string name) => arguments.TryGetValue(name, out var value) ? Guid.Parse(value) : null;

if (Get("page", "goal") == "cotype")
{
    var cotype = await new CoTypeRun(new CoTypeOptions
    {
        BaseAddress = new Uri(Get("url", "http://127.0.0.1:5183").TrimEnd('/') + "/"),
        Typists = GetInt("typists", 40),
        KeystrokesPerSecond = double.Parse(Get("rate", "3"), CultureInfo.InvariantCulture),
        Duration = TimeSpan.FromSeconds(double.Parse(Get("seconds", "60"), CultureInfo.InvariantCulture)),
        Warmup = TimeSpan.FromSeconds(double.Parse(Get("warmup-seconds", "0"), CultureInfo.InvariantCulture)),
        ConnectConcurrency = GetInt("connect-concurrency", 8),
        Accounts = arguments.TryGetValue("accounts", out var typistAccounts) ? typistAccounts.Split(',') : WorkshopScenario.DefaultParticipants,
        Password = Get("password", "Demo-Partner-2026!"),
        PartnershipId = GetGuid("partnership"),
        GoalId = GetGuid("goal"),
        ReadyTimeout = TimeSpan.FromSeconds(GetInt("ready-timeout", 120)),
        DeliveryTimeout = TimeSpan.FromSeconds(GetInt("delivery-timeout", 30)),
        SettleTimeout = TimeSpan.FromSeconds(GetInt("settle", 60)),
    }, Console.Out).RunAsync();
    Console.Write(cotype.ToText());
    if (arguments.TryGetValue("json", out var cotypeJson))
    {
        await File.WriteAllTextAsync(cotypeJson, JsonSerializer.Serialize(cotype, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));
    }

    return cotype.Converged && cotype.Errors == 0 && cotype.ConnectErrors == 0 && cotype.KeystrokesLost == 0 ? 0 : 1;
}

var defaults = new LoadOptions { BaseAddress = new Uri("http://127.0.0.1:5183/") };
var password = Get("password", defaults.Password);
var options = new LoadOptions
{
    BaseAddress = new Uri(Get("url", "http://127.0.0.1:5183").TrimEnd('/') + "/"),
    EditAddress = arguments.TryGetValue("edit-url", out var editUrl) ? new Uri(editUrl.TrimEnd('/') + "/") : null,
    Viewers = GetInt("viewers", 50),
    Edits = GetInt("edits", 20),
    EditsPerSecond = double.Parse(Get("rate", "10"), CultureInfo.InvariantCulture),
    WaitForEachEdit = arguments.ContainsKey("closed-loop"),
    ConnectConcurrency = GetInt("connect-concurrency", 8),
    SpreadOverNodes = arguments.ContainsKey("spread"),
    WarmupCircuits = GetInt("warmup", 20),
    WarmupEditSeconds = double.Parse(Get("warmup-seconds", "0"), CultureInfo.InvariantCulture),
    WarmupEditsPerSecond = arguments.TryGetValue("warmup-rate", out var warmupRate) ? double.Parse(warmupRate, CultureInfo.InvariantCulture) : null,
    EditorAccount = Get("editor", defaults.EditorAccount),
    ViewerAccounts = arguments.TryGetValue("accounts", out var accounts) ? accounts.Split(',') : defaults.ViewerAccounts,
    Password = password,
    ReadyTimeout = TimeSpan.FromSeconds(GetInt("ready-timeout", 120)),
    DeliveryTimeout = TimeSpan.FromSeconds(GetInt("delivery-timeout", 30)),
    Hold = TimeSpan.FromSeconds(GetInt("hold", 0)),
    JoinWhole = arguments.ContainsKey("join-whole"),
    SettleTimeout = TimeSpan.FromSeconds(GetInt("settle", 60)),
    Scenario = Get("page", "goal") switch
    {
        "goal" => new GoalPageScenario(GetGuid("partnership"), GetGuid("goal")),
        "dashboard" => new DashboardScenario(GetGuid("partnership")),
        "workshop" => new WorkshopScenario(
            Get("participants", string.Join(',', WorkshopScenario.DefaultParticipants)).Split(','),
            Get("facilitator", WorkshopScenario.DefaultFacilitator), password, GetGuid("partnership")),
        "wall" or "follow" => new LiveViewScenario(Get("page", "goal"), GetGuid("partnership")),
        var other => throw new ArgumentException($"Unknown page '{other}' (known: goal, dashboard, workshop, wall, follow)."),
    },
};

var jsonOptions = new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
if (arguments.TryGetValue("soak", out var soakMinutes))
{
    var soak = await new SoakRun(new SoakOptions
    {
        BaseAddress = options.BaseAddress,
        Circuits = GetInt("viewers", 500),
        Duration = TimeSpan.FromMinutes(double.Parse(soakMinutes, CultureInfo.InvariantCulture)),
        ChurnPerSecond = double.Parse(Get("churn-per-second", "5"), CultureInfo.InvariantCulture),
        EditsPerSecond = double.Parse(Get("rate", "1"), CultureInfo.InvariantCulture),
        SampleInterval = TimeSpan.FromSeconds(GetInt("sample-seconds", 60)),
        Settle = options.SettleTimeout,
        ConnectConcurrency = options.ConnectConcurrency,
        WarmupCircuits = options.WarmupCircuits,
        ViewerAccounts = options.ViewerAccounts,
        EditorAccount = options.EditorAccount,
        Password = password,
        ReadyTimeout = TimeSpan.FromSeconds(GetInt("ready-timeout", 300)),
        Scenario = options.Scenario,
    }, Console.Out).RunAsync();
    Console.Write(soak.ToText());
    if (arguments.TryGetValue("json", out var soakJson))
    {
        await File.WriteAllTextAsync(soakJson, JsonSerializer.Serialize(soak, jsonOptions));
    }

    return soak.Errors == 0 ? 0 : 1;
}

if (arguments.ContainsKey("failover"))
{
    var failover = await new FailoverRun(new FailoverOptions
    {
        BaseAddress = options.BaseAddress,
        KillProcessId = GetInt("kill-pid", 0),
        KillNode = Get("kill-node", ""),
        Viewers = options.Viewers,
        EditsPerSecond = options.EditsPerSecond,
        BeforeKill = TimeSpan.FromSeconds(GetInt("before-kill", 15)),
        AfterKill = TimeSpan.FromSeconds(GetInt("after-kill", 45)),
        ConnectConcurrency = options.ConnectConcurrency,
        ViewerAccounts = options.ViewerAccounts,
        EditorAccount = options.EditorAccount,
        Password = password,
        Scenario = options.Scenario,
        AcknowledgedPath = arguments.GetValueOrDefault("acknowledged"),
    }, Console.Out).RunAsync();
    Console.Write(failover.ToText());
    if (arguments.TryGetValue("json", out var failoverJson))
    {
        await File.WriteAllTextAsync(failoverJson, JsonSerializer.Serialize(failover, jsonOptions));
    }

    return failover.ViewersBack == failover.ViewersOnKilledNode && failover.ConnectErrors == 0 ? 0 : 1;
}

// The watchers' pages are watched through the live hub, not a circuit.
var report = options.Scenario is LiveViewScenario
    ? await new HubRun(options, Console.Out).RunAsync()
    : await new LoadRun(options, Console.Out).RunAsync();
Console.Write(report.ToText());
if (arguments.TryGetValue("json", out var jsonPath))
{
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, jsonOptions));
}

return report.CircuitErrors + report.ConnectErrors + report.EditErrors == 0 && (report.StillConnected ?? report.ViewersConnected) == report.ViewersConnected ? 0 : 1;
