using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Workspace.LoadGen;

// Usage: Workspace.BrowserBench --url http://127.0.0.1:5183 [--observers 20] [--edits 50] [--rate 2] [--page goal|wall] [--json browser.json]
// Opens N pages of Debian's Chromium on the goal page (signed in through the real form), or on the wall
// (--page wall: the static page joined to the live hub by live-view.js), then makes edits carrying a
// nonce (the goal's title; on the wall a decision, which "Recent decisions" shows); a MutationObserver in
// each page records when the nonce appears on screen. Latency is from just before the edit's request to
// that moment (same machine, same clock).
var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i].TrimStart('-')] = args[i + 1];
}

var baseAddress = new Uri(arguments.GetValueOrDefault("url", "http://127.0.0.1:5183").TrimEnd('/') + "/");
var observers = int.Parse(arguments.GetValueOrDefault("observers", "20"), CultureInfo.InvariantCulture);
var edits = int.Parse(arguments.GetValueOrDefault("edits", "50"), CultureInfo.InvariantCulture);
var rate = double.Parse(arguments.GetValueOrDefault("rate", "2"), CultureInfo.InvariantCulture);
var defaults = new LoadOptions { BaseAddress = baseAddress };
const string Password = "Demo-Partner-2026!";

var cookies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
foreach (var account in defaults.ViewerAccounts.Append(defaults.EditorAccount).Distinct(StringComparer.OrdinalIgnoreCase))
{
    cookies[account] = await AccountSession.SignInAsync(baseAddress, account, arguments.GetValueOrDefault("password", Password));
}

using var editor = AccountSession.SignedInClient(baseAddress, cookies[defaults.EditorAccount], TimeSpan.FromSeconds(100));
var wall = arguments.GetValueOrDefault("page", "goal") switch
{
    "goal" => false,
    "wall" => true,
    var other => throw new ArgumentException($"Unknown page '{other}' (known: goal, wall)."),
};
IPageScenario scenario = wall ? new LiveViewScenario("wall") : new GoalPageScenario();
var path = await scenario.PrepareAsync(editor, CancellationToken.None);
var run = string.Create(6, 0, (span, _) =>
{
    for (var i = 0; i < span.Length; i++)
    {
        span[i] = (char)('a' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
    }
});
string Nonce(int seq) => string.Create(CultureInfo.InvariantCulture, $"~bn{run}{seq:D6}~");
await scenario.EditAsync(editor, Nonce(0), CancellationToken.None);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
});

const string Observe = """
    prefix => {
      window.__seen = {};
      const pattern = new RegExp(prefix + '(\\d{6})~', 'g');
      const scan = (text, now) => {
        if (!text) return;
        for (const match of text.matchAll(pattern)) {
          const seq = match[1];
          if (!(seq in window.__seen)) window.__seen[seq] = now;
        }
      };
      new MutationObserver(mutations => {
        const now = performance.timeOrigin + performance.now();
        for (const m of mutations) {
          if (m.type === 'characterData') scan(m.target.textContent, now);
          else for (const node of m.addedNodes) scan(node.textContent, now);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }
    """;

var pages = new List<IPage>();
var connectWatch = System.Diagnostics.Stopwatch.StartNew();
for (var i = 0; i < observers; i++)
{
    var account = defaults.ViewerAccounts[i % defaults.ViewerAccounts.Count];
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = "en-GB", TimezoneId = "Europe/London" });
    var cookie = cookies[account].Split('=', 2);
    await context.AddCookiesAsync([new Cookie { Name = cookie[0], Value = cookie[1], Domain = baseAddress.Host, Path = "/" }]);
    var page = await context.NewPageAsync();
    await page.GotoAsync(path);
    // The goal page is ready once its circuit is interactive; the wall once live-view.js has joined the hub.
    await page.Locator(wall ? "[data-live-view][data-live='connected']" : ".app-shell[data-interactive='true']").WaitForAsync(new() { Timeout = 120_000 });
    await page.EvaluateAsync(Observe, $"~bn{run}");
    pages.Add(page);
}

Console.WriteLine($"{pages.Count} observers interactive in {connectWatch.Elapsed.TotalSeconds:0.0} s");
var sentAt = new double[edits + 1];
var watch = System.Diagnostics.Stopwatch.StartNew();
for (var seq = 1; seq <= edits; seq++)
{
    var due = TimeSpan.FromSeconds((seq - 1) / rate) - watch.Elapsed;
    if (due > TimeSpan.Zero)
    {
        await Task.Delay(due);
    }

    sentAt[seq] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
    await scenario.EditAsync(editor, Nonce(seq), CancellationToken.None);
}

await Task.Delay(TimeSpan.FromSeconds(3));
var latencies = new List<double>();
var missing = 0;
foreach (var page in pages)
{
    var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen");
    for (var seq = 1; seq <= edits; seq++)
    {
        if (seen.TryGetValue(seq.ToString("D6", CultureInfo.InvariantCulture), out var at))
        {
            latencies.Add(at - sentAt[seq]);
        }
        else
        {
            missing++;
        }
    }
}

var result = Percentiles.Of(latencies);
Console.WriteLine($"edit → screen, {pages.Count} observers × {edits} edits at {rate}/s: {result}; {missing} not seen");
if (arguments.TryGetValue("json", out var json))
{
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
    {
        page = wall ? "wall" : "goal",
        observers = pages.Count,
        edits,
        rate,
        count = result.Count,
        missing,
        p50 = result.P50,
        p95 = result.P95,
        p99 = result.P99,
        max = result.Max,
    }));
}

return 0;
