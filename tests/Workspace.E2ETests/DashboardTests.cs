using System.Net;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.Goals;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>Managers read the dashboard, the wall and the report, and download the data; all of it stays live.</summary>
public sealed class DashboardTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Contributor = "contributor@demo.local";
    private const string Partner = "partner@demo.local";
    private const string Observer = "observer@demo.local";

    [Fact]
    public async Task ContributorsCheckIn_ChangesTheObserversDashboardAndWall_WithoutARefresh()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"Dashboard live {Guid.NewGuid():N}"[..28];
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, title);
        var indicator = await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched", "mentors");
        // Partners far apart in confidence put the indicator among those the wall shows first.
        await app.Data.RecordConfidenceAsync(Contributor, demo, indicator, 1);
        await app.Data.RecordConfidenceAsync(Partner, demo, indicator, 5);

        await using var observerContext = await app.SignInAsync(Observer);
        var dashboard = await observerContext.NewPageAsync();
        await dashboard.GotoInteractiveAsync($"p/{demo}/dashboard");
        var row = dashboard.Locator($"[data-indicator='{indicator}']");
        await Expect(row.Locator("[data-figure='latest']")).ToContainTextAsync("—");
        await Expect(row).ToContainTextAsync("Partners disagree");

        var wall = await observerContext.NewPageAsync();
        await wall.GotoAsync($"p/{demo}/wall?seconds=300");
        await wall.Locator("[data-wall][data-live='connected']").WaitForAsync();
        await wall.GetByRole(AriaRole.Button, new() { Name = "Next section" }).ClickAsync();
        await wall.Keyboard.PressAsync("ArrowRight");
        await Expect(wall.GetByRole(AriaRole.Heading, new() { Name = "Indicators to watch", Level = 2 })).ToBeVisibleAsync();
        var wallRow = wall.Locator($"[data-indicator='{indicator}']");
        await Expect(wallRow.Locator("[data-figure='latest']")).ToContainTextAsync("—");

        await using var contributorContext = await app.SignInAsync(Contributor);
        var contributor = await GoalPage(contributorContext, demo, goal, title);
        await contributor.GetByRole(AriaRole.Tab, new() { Name = "Indicators (1)" }).ClickAsync();
        await contributor.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        var dialog = contributor.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Value (mentors)").FillAsync("30");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        await Expect(row.Locator("[data-figure='latest']")).ToContainTextAsync("30");
        await Expect(row).ToContainTextAsync("50%");
        await Expect(dashboard.Locator("[data-last-change]")).ToContainTextAsync("Last change");
        await Expect(wallRow.Locator("[data-figure='latest']")).ToContainTextAsync("30");
        await Expect(wallRow).ToContainTextAsync("50%");
    }

    [Fact]
    public async Task Downloads_CsvAndExcel_HoldTheData_WithFormulasNeutralised()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"=HYPERLINK(\"http://evil.example\",\"{Guid.NewGuid():N}\")";
        await app.Data.CreateGoalAsync(Facilitator, demo, title);
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{demo}/dashboard");

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Goals", Exact = true }).ClickAsync());
        Assert.EndsWith(".csv", csvDownload.SuggestedFilename, StringComparison.Ordinal);
        var csv = ReadCsv(await File.ReadAllBytesAsync(await csvDownload.PathAsync(), TestContext.Current.CancellationToken));
        Assert.Equal(["Goal", "Parent goal", "Status", "Lead organisation", "Lead sector", "Owner", "Due date", "Overdue", "Progress (%)", "Indicators", "Contributing organisations", "Last updated (UTC)"], csv[0]);
        var injected = Assert.Single(csv, r => r[0] == "'" + title);
        Assert.Equal(["", "Not started", "", "", "Ana Costa", "", "No", "", "0", ""], injected[1..11]);
        var achieved = Assert.Single(csv, r => r[0] == "Offer an out-of-court resolution pathway for first-time, low-level offences");
        Assert.Equal(["Achieved", "Youth Justice Unit", "Public"], achieved[2..5]);

        var xlsxDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Excel workbook (all data)" }).ClickAsync());
        Assert.EndsWith(".xlsx", xlsxDownload.SuggestedFilename, StringComparison.Ordinal);
        using var workbook = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await xlsxDownload.PathAsync(), TestContext.Current.CancellationToken)));
        Assert.Equal(["Goals", "Indicators", "Check-ins", "Decisions", "Actions", "Contributions"], workbook.Worksheets.Select(w => w.Name));
        var contributions = workbook.Worksheet("Contributions");
        Assert.True(contributions.RowsUsed().Count() >= 15);
        Assert.All(contributions.Column(5).CellsUsed().Skip(1), c => Assert.Equal(XLDataType.Number, c.DataType));
        var goals = workbook.Worksheet("Goals");
        Assert.Equal(csv[0], goals.Row(1).Cells(1, 12).Select(c => c.GetString()));
        var cell = goals.Column(1).CellsUsed().Single(c => c.GetString() == "'" + title);
        Assert.False(cell.HasFormula);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.Equal("Not started", cell.CellRight(2).GetString());
        Assert.Equal(XLDataType.Number, cell.CellRight(9).DataType);
        var checkIns = workbook.Worksheet("Check-ins");
        Assert.Equal(["Goal", "Indicator", "Unit", "As of", "Value", "Comment", "Recorded by", "Organisation", "Recorded (UTC)"], checkIns.Row(1).Cells(1, 9).Select(c => c.GetString()));
        Assert.True(checkIns.RowsUsed().Count() > 10);
        Assert.All(checkIns.Column(5).CellsUsed().Skip(1), c => Assert.Equal(XLDataType.Number, c.DataType));
        Assert.Contains(workbook.Worksheet("Decisions").Column(1).CellsUsed(), c => c.GetString() == "Publish each partner's results in the quarterly public report");
    }

    [Fact]
    public async Task ExportsAndJson_AreForMembersOnly()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var other = await app.Data.CreatePartnershipAsync(Facilitator, $"Not for observers {Guid.NewGuid():N}"[..30]);
        await using var context = await app.SignInAsync(Observer);

        var json = await context.APIRequest.GetAsync($"api/partnerships/{demo}/dashboard");
        Assert.Equal((int)HttpStatusCode.OK, json.Status);
        using var document = JsonDocument.Parse(await json.TextAsync());
        Assert.Equal("Safer Streets Partnership", document.RootElement.GetProperty("name").GetString());
        Assert.Equal("Observer", document.RootElement.GetProperty("myRole").GetString());
        Assert.True(document.RootElement.GetProperty("goals").GetArrayLength() > 0);

        foreach (var path in new[] { $"api/partnerships/{other}/dashboard", $"api/partnerships/{other}/export/goals.csv", $"api/partnerships/{other}/export.xlsx", $"api/partnerships/{demo}/export/passwords.csv" })
        {
            var response = await context.APIRequest.GetAsync(path);
            Assert.Equal((int)HttpStatusCode.NotFound, response.Status);
        }

        await using var anonymous = await app.NewContextAsync();
        var signedOut = await anonymous.APIRequest.GetAsync($"api/partnerships/{demo}/export/goals.csv", new() { MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, signedOut.Status);
    }

    [Fact]
    public async Task Report_PrintsToAPdf_WithEverySection()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{demo}/report");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Safer Streets Partnership", Level = 1 })).ToBeVisibleAsync();

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        foreach (var section in new[] { "Status summary", "Goals", "Indicators", "Decisions", "Actions", "Open risks by likelihood and impact", "Sector balance" })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = section, Exact = true, Level = 2 })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print or save as PDF" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Navigation)).ToBeHiddenAsync();
        Assert.True(await page.Locator(".report-chart svg").CountAsync() >= 5);

        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var pages = System.Text.RegularExpressions.Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
        Assert.True(pages >= 4, $"The report printed on {pages} page(s).");
    }

    [Theory]
    [InlineData("dashboard")]
    [InlineData("wall")]
    [InlineData("report")]
    [InlineData("portfolio")]
    public async Task Page_HasNoAccessibilityViolations(string which)
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        switch (which)
        {
            case "portfolio":
                await page.GotoInteractiveAsync("portfolio");
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Safer Streets Partnership" })).ToBeVisibleAsync();
                break;
            case "wall":
                await page.GotoAsync($"p/{demo}/wall?seconds=300");
                await page.Locator("[data-wall][data-live='connected']").WaitForAsync();
                break;
            default:
                await page.GotoInteractiveAsync($"p/{demo}/{which}");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                break;
        }

        await page.AssertNoAccessibilityViolationsAsync();
        if (which == "wall")
        {
            // Every section of the wall, not only the first.
            for (var i = 1; i < 7; i++)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Next section" }).ClickAsync();
                await Expect(page.Locator("[data-section]")).Not.ToHaveAttributeAsync("data-section", "Status");
                await page.AssertNoAccessibilityViolationsAsync();
            }
        }
    }

    [Fact]
    public async Task WallOnTheLiveHub_UpdatesWithoutACircuit_AndShowsTheCurrentStateAfterItsConnectionReturns()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"Wall hub {Guid.NewGuid():N}"[..24];
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, title);
        var indicator = await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched", "mentors");
        await app.Data.RecordConfidenceAsync(Contributor, demo, indicator, 1);
        await app.Data.RecordConfidenceAsync(Partner, demo, indicator, 5);
        var contributor = await app.Data.UserIdAsync(Contributor);

        await using var context = await app.SignInAsync(Observer);
        var wall = await context.NewPageAsync();
        var sockets = new List<string>();
        wall.WebSocket += (_, socket) => sockets.Add(socket.Url);
        // The hub's connection goes through here, so the test can cut it and keep it cut for a while.
        var down = false;
        var hubSockets = new List<IWebSocketRoute>();
        await wall.RouteAsync("**/hubs/live/negotiate**", route => down ? route.AbortAsync() : route.ContinueAsync());
        await wall.RouteWebSocketAsync("**/hubs/live**", socket =>
        {
            socket.ConnectToServer();
            hubSockets.Add(socket);
        });

        await wall.GotoAsync($"p/{demo}/wall?seconds=300");
        await wall.Locator("[data-wall][data-live='connected']").WaitForAsync();
        await wall.GetByRole(AriaRole.Button, new() { Name = "Next section" }).ClickAsync();
        await wall.GetByRole(AriaRole.Button, new() { Name = "Next section" }).ClickAsync();
        await Expect(wall.GetByRole(AriaRole.Heading, new() { Name = "Indicators to watch", Level = 2 })).ToBeVisibleAsync();
        var wallRow = wall.Locator($"[data-indicator='{indicator}']");
        await Expect(wallRow.Locator("[data-figure='latest']")).ToContainTextAsync("—");
        // Joined at the page's own state: the join sent no section again, so each keeps the hash it was rendered with.
        Assert.True(await wall.Locator("[data-live-fragment]").CountAsync() > 3);
        Assert.Equal(0, await wall.Locator("[data-live-fragment]:not([data-live-hash])").CountAsync());

        await RecordCheckInAsync(contributor, demo, indicator, 30);
        await Expect(wallRow.Locator("[data-figure='latest']")).ToContainTextAsync("30");
        // What an update replaced is no longer what the page was rendered with: its hash goes.
        await Expect(wall.Locator("[data-live-fragment]:not([data-live-hash])")).Not.ToHaveCountAsync(0);
        await Expect(wall.Locator("[data-live-announce]")).ToContainTextAsync("Indicators to watch");
        Assert.Contains(sockets, url => url.Contains("/hubs/live", StringComparison.Ordinal));
        Assert.DoesNotContain(sockets, url => url.Contains("_blazor", StringComparison.Ordinal));
        Assert.Equal(0, await wall.EvaluateAsync<int>("() => performance.getEntriesByType('resource').filter(e => e.name.includes('_blazor')).length"));

        // The connection drops and stays down while a check-in is recorded: the wall misses its update.
        down = true;
        foreach (var socket in hubSockets)
        {
            await socket.CloseAsync();
        }

        await wall.Locator("[data-wall][data-live='reconnecting']").WaitForAsync();
        await RecordCheckInAsync(contributor, demo, indicator, 42);
        await Expect(wallRow.Locator("[data-figure='latest']")).ToContainTextAsync("30");

        down = false;
        await wall.Locator("[data-wall][data-live='connected']").WaitForAsync(new() { Timeout = 40_000 });
        await Expect(wallRow.Locator("[data-figure='latest']")).ToContainTextAsync("42");
        await Expect(wall.GetByRole(AriaRole.Heading, new() { Name = "Indicators to watch", Level = 2 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wall_WithoutJavaScript_ShowsEverySectionWithCurrentFigures()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        await page.Context.RouteAsync("**/*.js", route => route.AbortAsync());

        await page.GotoAsync($"p/{demo}/wall");

        foreach (var section in new[] { "Delivery status", "Goals needing attention", "Indicators to watch", "Overdue actions", "Open risks", "Recent decisions" })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = section, Level = 2, Exact = true })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Safer Streets Partnership", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-live-status]")).ToContainTextAsync("Reload for the latest");
    }

    [Fact]
    public async Task FollowLive_IsLinkedFromTheDashboard_AndUpdatesWithoutACircuit()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var title = $"Follow {Guid.NewGuid():N}"[..20];
        var goal = await app.Data.CreateGoalAsync(Facilitator, demo, title);
        var indicator = await app.Data.AddIndicatorAsync(Facilitator, demo, goal, "Mentors matched", "mentors");
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        var sockets = new List<string>();
        await page.GotoInteractiveAsync($"p/{demo}/dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Follow live" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Follow live", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("[data-live-view][data-live='connected']").WaitForAsync();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var row = page.Locator($"[data-indicator='{indicator}']");
        await Expect(row.Locator("[data-figure='latest']")).ToContainTextAsync("—");

        await RecordCheckInAsync(await app.Data.UserIdAsync(Contributor), demo, indicator, 30);

        await Expect(row.Locator("[data-figure='latest']")).ToContainTextAsync("30");
        Assert.DoesNotContain(sockets, url => url.Contains("_blazor", StringComparison.Ordinal));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => performance.getEntriesByType('resource').filter(e => e.name.includes('_blazor')).length"));
        await page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task FollowLive_NewDecisionArrivesAsOneRowOnTop_AndAfterAMissedUpdateTheListIsWholeAndInOrder()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        var frames = new System.Collections.Concurrent.ConcurrentQueue<string>();
        string? drop = null;
        var dropped = new TaskCompletionSource();
        // The hub's messages pass through here: recorded, and one of them can go missing on the way.
        await page.RouteWebSocketAsync("**/hubs/live**", socket =>
        {
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Text is not { } text)
                {
                    socket.Send(frame.Binary ?? []);
                    return;
                }

                frames.Enqueue(text);
                if (drop is { } title && text.Contains(title, StringComparison.Ordinal))
                {
                    drop = null;
                    dropped.TrySetResult();
                    return;
                }

                socket.Send(text);
            });
        });

        await page.GotoAsync($"p/{demo}/follow");
        await page.Locator("[data-live-view][data-live='connected']").WaitForAsync();
        var rows = page.Locator("#follow-decisions [data-live-list] > [data-live-item]");

        await PostDecisionAsync(demo, $"First {run}");
        await Expect(rows.First).ToContainTextAsync($"First {run}");
        // It came as one item of the list, not as the whole list.
        Assert.Contains(frames, f => f.Contains("\"lists\":{\"follow-decisions\"", StringComparison.Ordinal) && f.Contains($"First {run}", StringComparison.Ordinal));
        await PostDecisionAsync(demo, $"Second {run}");
        await Expect(rows.Nth(0)).ToContainTextAsync($"Second {run}");
        await Expect(rows.Nth(1)).ToContainTextAsync($"First {run}");

        // An update goes missing: the next one's seq shows the gap, and the page fetches the whole view.
        drop = $"Third {run}";
        await PostDecisionAsync(demo, $"Third {run}");
        await dropped.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await PostDecisionAsync(demo, $"Fourth {run}");
        await Expect(rows.Nth(0)).ToContainTextAsync($"Fourth {run}");
        await Expect(rows.Nth(1)).ToContainTextAsync($"Third {run}");
        await Expect(rows.Nth(2)).ToContainTextAsync($"Second {run}");
        await Expect(rows.Nth(3)).ToContainTextAsync($"First {run}");

        // What the page shows after patches and a resync is what the server renders for a fresh page.
        const string keys = "rows => rows.map(r => r.dataset.liveItem)";
        var shown = await rows.EvaluateAllAsync<string[]>(keys);
        var fresh = await context.NewPageAsync();
        await fresh.GotoAsync($"p/{demo}/follow");
        Assert.Equal(await fresh.Locator("#follow-decisions [data-live-list] > [data-live-item]").EvaluateAllAsync<string[]>(keys), shown);
        Assert.Equal(Workspace.Web.Features.Dashboard.DashboardState.RecentDecisionCount, shown.Length);
    }

    private Task<Guid> PostDecisionAsync(Guid partnership, string title) =>
        app.Data.PostLogEntryAsync(Facilitator, partnership, new Workspace.Web.Features.Dialogue.EntryInput
        {
            Kind = Workspace.Web.Features.Dialogue.EntryKind.Decision,
            Title = title,
        });

    private Task<bool> RecordCheckInAsync(string userId, Guid partnership, Guid indicator, double value) =>
        app.Data.UseAsync<IndicatorService, bool>(async service => (await service.RecordCheckInAsync(userId, partnership, indicator,
            new CheckInInput { Value = value, AsOf = DateOnly.FromDateTime(DateTime.UtcNow) }, TestContext.Current.CancellationToken)).Succeeded);

    [Fact]
    public async Task Observer_OpensThePartnershipOnTheDashboard()
    {
        var demo = await app.Data.DemoPartnershipIdAsync();
        await using var context = await app.SignInAsync(Observer);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("partnerships");

        await page.GetByRole(AriaRole.Link, new() { Name = "Safer Streets Partnership" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/p/{demo}/dashboard$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true })).ToHaveAttributeAsync("class", new System.Text.RegularExpressions.Regex("active"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit details" })).ToHaveCountAsync(0);
    }

    private static async Task<IPage> GoalPage(IBrowserContext context, Guid partnership, Guid goal, string title)
    {
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"p/{partnership}/goals/{goal}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        // Excel needs the UTF-8 byte-order mark; the rows start after it.
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        using var reader = CsvReader.Create(bytes[3..], new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }
}
