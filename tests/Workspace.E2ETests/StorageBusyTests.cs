using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Workspace.E2ETests;

/// <summary>
/// Fault drill: the SQLite file is held locked for 30 s while a person saves a goal's title and posts a log
/// entry. Each save tells them, calmly, that the database is busy; what they typed stays in the field; the
/// circuit lives on; once the lock is gone, saving again works. The drill has its own app and database
/// file, so the shared app's tests are never locked out.
/// </summary>
// SQLite itself is under test: with WORKSPACE_TEST_SQLSERVER set, test.sh runs these in a SQLite process of their own.
[Trait("Database", "Sqlite")]
public sealed class StorageBusyTests(AppFixture fixture) : IAsyncDisposable
{
    private const string Facilitator = "facilitator@demo.local";
    private static readonly TimeSpan LockHeld = TimeSpan.FromSeconds(30);

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"workspace-e2e-busy-{Guid.NewGuid():N}.db");
    private readonly DiagnosticsLog _log = new("storage-busy");
    private WorkspaceFactory? _factory;

    [Fact]
    public async Task DatabaseLockedFor30Seconds_SavesSayItIsBusy_KeepTheText_AndSaveOnceItIsFree()
    {
        _factory = new WorkspaceFactory(_databasePath, _log, onSqlite: true);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var data = new AppData(_factory.Services);
        var demo = await data.DemoPartnershipIdAsync();
        var goal = await data.CreateGoalAsync(Facilitator, demo, "Busy drill goal");
        const string NewTitle = "Busy drill goal, renamed while the database was locked";
        const string EntryTitle = "Posted while the database was locked";

        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = _factory.ClientOptions.BaseAddress.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var signIn = await context.NewPageAsync();
        await signIn.SignInAsync(Facilitator, DemoData.Password);
        var goalPage = await GoalsTests.OpenGoalAsync(context, demo, goal, "Busy drill goal");
        var logPage = await LogTests.OpenLogAsync(context, demo);

        // Both people start typing before the lock: the title editor and the new-entry dialog are open.
        await goalPage.GetByRole(AriaRole.Button, new() { Name = "Edit the title" }).ClickAsync();
        var titleBox = goalPage.GetByRole(AriaRole.Textbox, new() { Name = "Title" });
        await titleBox.FillAsync("Busy drill goal, renamed");
        await logPage.GetByRole(AriaRole.Button, new() { Name = "New entry" }).ClickAsync();
        var dialog = logPage.GetByRole(AriaRole.Dialog);
        var entryTitleBox = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Title" });
        await entryTitleBox.FillAsync(EntryTitle);

        var held = Stopwatch.StartNew();
        await using (var holder = new SqliteConnection($"Data Source={_databasePath};Pooling=False"))
        {
            await holder.OpenAsync(TestContext.Current.CancellationToken);
            await ExecuteAsync(holder, "BEGIN EXCLUSIVE;");

            // Typing goes on under the lock (its draft cannot be written yet), then both saves are tried.
            await titleBox.FillAsync(NewTitle);
            await goalPage.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

            await Expect(goalPage.GetByText(StorageFaults.Message)).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Expect(logPage.GetByText(StorageFaults.Message)).ToBeVisibleAsync(new() { Timeout = 20_000 });
            Assert.True(held.Elapsed < LockHeld, $"The busy message took {held.Elapsed} to appear; it must come while the lock is still held.");
            await Expect(titleBox).ToHaveValueAsync(NewTitle);
            await Expect(entryTitleBox).ToHaveValueAsync(EntryTitle);
            await Expect(goalPage.Locator("#components-reconnect-modal[open], .components-reconnect-show, .components-reconnect-failed")).ToHaveCountAsync(0);

            // The drill holds the lock for its full 30 s; then nothing of the attempt was stored.
            var left = LockHeld - held.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, TestContext.Current.CancellationToken);
            }

            await Expect(titleBox).ToHaveValueAsync(NewTitle);
            await Expect(entryTitleBox).ToHaveValueAsync(EntryTitle);
            await ExecuteAsync(holder, "ROLLBACK;");
        }

        Assert.Equal("Busy drill goal", (await data.GoalAsync(goal)).Title);
        Assert.Equal(0, await data.CountLogEntriesAsync(demo, EntryTitle));

        // The draft of what was typed under the lock is written once the database is free.
        await WaitForDraftAsync(data, goal, NewTitle);

        // The same circuits, no reload: trying again saves both.
        await goalPage.GetByRole(AriaRole.Button, new() { Name = "Save title" }).ClickAsync();
        await Expect(goalPage.GetByRole(AriaRole.Heading, new() { Name = NewTitle, Exact = true, Level = 1 })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Expect(logPage.GetByRole(AriaRole.Heading, new() { Name = EntryTitle, Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(NewTitle, (await data.GoalAsync(goal)).Title);
        Assert.Equal(1, await data.CountLogEntriesAsync(demo, EntryTitle));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task WaitForDraftAsync(AppData data, Guid goal, string text)
    {
        var deadline = Stopwatch.StartNew();
        string? stored = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            stored = await data.UseAsync<IDbContextFactory<WorkspaceDbContext>, string?>(async factory =>
            {
                await using var db = await factory.CreateDbContextAsync();
                return await db.GoalDrafts.Where(d => d.GoalId == goal).Select(d => d.Text).FirstOrDefaultAsync();
            });
            if (stored == text)
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The title's draft holds \"{stored}\" instead of what was typed under the lock.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _log.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
