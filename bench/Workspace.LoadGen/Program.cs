using System.Globalization;
using System.Text.Json;
using Workspace.LoadGen;

// Usage: Workspace.LoadGen --url http://127.0.0.1:5183 [--viewers 200] [--edits 100] [--rate 20]
//        [--closed-loop] [--connect-concurrency 8] [--warmup 20] [--editor contributor@demo.local]
//        [--accounts a@x,b@y] [--password P] [--partnership GUID --goal GUID] [--json report.json] [--hold SECONDS]
//        [--page goal|dashboard|workshop] [--participants a@x,b@y] [--facilitator a@x] [--settle SECONDS]
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

var defaults = new LoadOptions { BaseAddress = new Uri("http://127.0.0.1:5183/") };
var password = Get("password", defaults.Password);
var options = new LoadOptions
{
    BaseAddress = new Uri(Get("url", "http://127.0.0.1:5183").TrimEnd('/') + "/"),
    Viewers = GetInt("viewers", 50),
    Edits = GetInt("edits", 20),
    EditsPerSecond = double.Parse(Get("rate", "10"), CultureInfo.InvariantCulture),
    WaitForEachEdit = arguments.ContainsKey("closed-loop"),
    ConnectConcurrency = GetInt("connect-concurrency", 8),
    WarmupCircuits = GetInt("warmup", 20),
    EditorAccount = Get("editor", defaults.EditorAccount),
    ViewerAccounts = arguments.TryGetValue("accounts", out var accounts) ? accounts.Split(',') : defaults.ViewerAccounts,
    Password = password,
    ReadyTimeout = TimeSpan.FromSeconds(GetInt("ready-timeout", 120)),
    DeliveryTimeout = TimeSpan.FromSeconds(GetInt("delivery-timeout", 30)),
    Hold = TimeSpan.FromSeconds(GetInt("hold", 0)),
    SettleTimeout = TimeSpan.FromSeconds(GetInt("settle", 60)),
    Scenario = Get("page", "goal") switch
    {
        "goal" => new GoalPageScenario(GetGuid("partnership"), GetGuid("goal")),
        "dashboard" => new DashboardScenario(GetGuid("partnership")),
        "workshop" => new WorkshopScenario(
            Get("participants", string.Join(',', WorkshopScenario.DefaultParticipants)).Split(','),
            Get("facilitator", WorkshopScenario.DefaultFacilitator), password, GetGuid("partnership")),
        var other => throw new ArgumentException($"Unknown page '{other}' (known: goal, dashboard, workshop)."),
    },
};

var report = await new LoadRun(options, Console.Out).RunAsync();
Console.Write(report.ToText());
if (arguments.TryGetValue("json", out var jsonPath))
{
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
}

return report.CircuitErrors + report.ConnectErrors + report.EditErrors == 0 ? 0 : 1;
