using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Features.Api;
using Workspace.Tests.Support;
using Workspace.Web.Features.Api;
using Workspace.Web.Features.Webhooks;

namespace Workspace.Tests.Features.Webhooks;

/// <summary>Deliveries to a real receiver on 127.0.0.1: signed, retried on the schedule, logged with each status code.</summary>
public sealed class WebhookDeliveryTests() : WebhookTestBase(TestDatabase.OnFile())
{
    [Fact]
    public async Task ACheckIn_ReachesTheReceiver_SignedWithTheHooksSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await CreateHookAsync(receiver.Url.ToString());
        await RecordCheckInAsync(7);

        Assert.Equal(1, await NewDispatcher().RunOnceAsync(Ct));

        var received = Assert.Single(receiver.Received);
        var json = AssertSigned(received, hook.Secret, "checkin.recorded");
        Assert.Equal(Deliveries().Single().Id.ToString(), received.Header("X-Workspace-Delivery"));
        Assert.Equal(TestClockSeconds(), long.Parse(received.Header("X-Workspace-Timestamp"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Partnership, json.GetProperty("partnershipId").GetGuid());
        Assert.Equal(7, json.GetProperty("data").GetProperty("value").GetDouble());
        Assert.Equal("app", json.GetProperty("data").GetProperty("recordedThrough").GetString());
        Assert.Equal(WebhookDeliveryStatus.Delivered, Deliveries().Single().Status);
        Assert.Equal(0, await NewDispatcher().RunOnceAsync(Ct));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task AFailingReceiver_IsRetriedAfterTheBackoff_AndTheLogShowsBothStatusCodes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(500);
        var hook = await CreateHookAsync(receiver.Url.ToString());
        await RecordCheckInAsync();

        await NewDispatcher().RunOnceAsync(Ct);
        var failed = Deliveries().Single();
        Assert.Equal((WebhookDeliveryStatus.Failed, 500, 1, UtcNow + TimeSpan.FromMinutes(1)), (failed.Status, failed.LastStatusCode, failed.AttemptCount, failed.NextAttemptUtc));

        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await NewDispatcher().RunOnceAsync(Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await NewDispatcher().RunOnceAsync(Ct));

        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, r => AssertSigned(r, hook.Secret, "checkin.recorded"));
        Assert.Equal(WebhookDeliveryStatus.Delivered, Deliveries().Single().Status);
        var log = (await NewWebhookService().LogAsync(Fran, Partnership, hook.Hook.Id, Ct)).Value!;
        Assert.Equal([(2, 200), (1, 500)], log.Select(r => (r.Attempt, r.StatusCode ?? 0)));
        Assert.Equal(0, Db.Read(db => db.Webhooks.Single().ConsecutiveFailures));
    }

    [Fact]
    public async Task TheWorker_DrivenByTheClock_SendsWhatIsDue_AndAbandonsAfterTheLastAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var _ in Enumerable.Range(0, WebhookBackoff.MaxAttempts))
        {
            receiver.Answers.Enqueue(503);
        }

        var hook = await CreateHookAsync(receiver.Url.ToString());
        await RecordCheckInAsync();
        Settings.PollEvery = TimeSpan.FromSeconds(10);
        await using var services = new ServiceCollection().AddScoped(_ => NewDispatcher()).BuildServiceProvider();
        using var worker = new WebhookWorker(services.GetRequiredService<IServiceScopeFactory>(), Microsoft.Extensions.Options.Options.Create(Settings), Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookWorker>.Instance);
        await worker.StartAsync(Ct);

        // After each wait of the schedule the next poll makes the next attempt; the last one abandons the delivery.
        for (var attempt = 1; attempt <= WebhookBackoff.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                Clock.Advance(WebhookBackoff.RetryAfter(attempt - 1)!.Value);
            }

            var expected = attempt;
            await WaitUntilAsync(() => Db.Read(db => db.WebhookDeliveries.Single().AttemptCount) == expected || Tick(), $"attempt {attempt}");
        }

        await worker.StopAsync(Ct);
        Assert.Equal(WebhookBackoff.MaxAttempts, receiver.Received.Count);
        Assert.Equal(WebhookDeliveryStatus.Abandoned, Deliveries().Single().Status);
        var log = (await NewWebhookService().LogAsync(Fran, Partnership, hook.Hook.Id, Ct)).Value!;
        Assert.True(log[0].CanRetry);
        Assert.All(log.Skip(1), r => Assert.False(r.CanRetry));

        // "Retry now" makes it due again; one more attempt goes out and succeeds.
        var retried = await NewWebhookService().RetryAsync(Fran, Partnership, log[0].DeliveryId, Ct);
        Assert.True(await NewDispatcher().SendNowAsync(retried.Value, Ct));
        Assert.Equal(WebhookDeliveryStatus.Delivered, Deliveries().Single().Status);
    }

    [Fact]
    public async Task ACheckInSentThroughTheApi_ReachesTheReceiver_FromTheAppsOwnWorker()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new ApiTestApp(new Dictionary<string, string?> { ["Webhooks:PollEvery"] = "00:00:00.100" });
        CreatedWebhook hook;
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<WebhookService>().CreateAsync(app.Facilitator, app.Partnership,
                new WebhookInput { Name = "Council", Url = receiver.Url.ToString(), Events = WebhookEvents.CheckInRecorded }, Ct);
            hook = created.Value ?? throw new InvalidOperationException(created.Error!.Message);
        }

        var token = await app.TokenAsync(app.Partnership, ApiScope.WriteCheckIns, app.IndicatorA);
        using var client = app.Client(token.Secret);
        using var response = await client.PostAsJsonAsync(ApiTestApp.CheckIns(app.Partnership, app.IndicatorA), new { value = 12, asOf = ApiTestApp.Today }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);

        await WaitUntilAsync(() => !receiver.Received.IsEmpty, "the receiver gets the check-in");
        var json = AssertSigned(Assert.Single(receiver.Received), hook.Secret, "checkin.recorded");
        Assert.Equal("api", json.GetProperty("data").GetProperty("recordedThrough").GetString());
        Assert.Equal(app.IndicatorA, json.GetProperty("data").GetProperty("indicatorId").GetGuid());
    }

    /// <summary>Moves the clock one poll on; false, so a wait goes on checking.</summary>
    private bool Tick()
    {
        Clock.Advance(Settings.PollEvery);
        return false;
    }

    private long TestClockSeconds() => Clock.GetUtcNow().ToUnixTimeSeconds();

    private static Task WaitUntilAsync(Func<bool> condition, string what) => RealTime.RedisNode.WaitUntilAsync(condition, what);
}
