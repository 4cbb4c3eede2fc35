using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workspace.Tests.Features.Notifications;
using Workspace.Tests.Support;
using Workspace.Web.Features.Webhooks;

namespace Workspace.Tests.Features.Webhooks;

/// <summary>The notification tests' people and partnerships, an indicator, and webhook services over them (loopback allowed, as in tests).</summary>
public abstract class WebhookTestBase : NotificationTestBase
{
    protected WebhookTestBase()
        : this(new TestDatabase())
    {
    }

    /// <summary>For tests where a background worker and the test read the database at once (<see cref="TestDatabase.OnFile"/>).</summary>
    protected WebhookTestBase(TestDatabase database)
        : base(database)
    {
        Goal = Db.AddGoal(Partnership, "Safer crossings");
        Indicator = Db.AddIndicator(Goal, "Crossings built", 0, 10);
        Secrets = new WebhookSecrets(Protection);
    }

    protected Guid Goal { get; }

    protected Guid Indicator { get; }

    protected WebhookSecrets Secrets { get; }

    protected WebhookOptions Settings { get; } = new() { AllowLoopbackHttp = true };

    protected WebhookAddressGuard Guard => new(Settings.AllowLoopbackHttp);

    protected WebhookService NewWebhookService(WebhookAddressGuard? guard = null) => new(Db, Secrets, guard ?? Guard, Clock);

    protected WebhookDispatcher NewDispatcher(WebhookAddressGuard? guard = null) =>
        new(Db, new TestHttpClients(guard ?? Guard), Secrets, guard ?? Guard, Events, Options.Create(Settings), Clock, NullLogger<WebhookDispatcher>.Instance);

    protected async Task<CreatedWebhook> CreateHookAsync(string url, WebhookEvents events = WebhookEvents.CheckInRecorded, string? name = null, Guid? partnershipId = null)
    {
        var result = await NewWebhookService().CreateAsync(Fran, partnershipId ?? Partnership, new WebhookInput { Name = name ?? $"Hook {Guid.NewGuid():N}"[..12], Url = url, Events = events }, Ct);
        return result.Value ?? throw new InvalidOperationException(result.Error!.Message);
    }

    protected Task RecordCheckInAsync(double value = 4) =>
        NewIndicatorService().RecordCheckInAsync(Priya, Partnership, Indicator, new Workspace.Web.Features.Goals.CheckInInput { Value = value, AsOf = DateOnly.FromDateTime(UtcNow) }, Ct);

    protected List<WebhookDelivery> Deliveries() => Db.Read(db => db.WebhookDeliveries.AsNoTracking().ToList());

    /// <summary>Asserts what a receiver must check: the signature over "{timestamp}.{body}" with the secret, and the headers.</summary>
    protected static JsonElement AssertSigned(ReceivedHook hook, string secret, string expectedEvent)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var timestamp = long.Parse(hook.Header("X-Workspace-Timestamp"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookSecrets.Sign(secret, timestamp, hook.Body), hook.Header("X-Workspace-Signature"));
        Assert.StartsWith("application/json", hook.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(expectedEvent, hook.Header("X-Workspace-Event"));
        Assert.True(Guid.TryParse(hook.Header("X-Workspace-Delivery"), out _));
        var json = JsonDocument.Parse(hook.Body).RootElement.Clone();
        Assert.Equal(expectedEvent, json.GetProperty("event").GetString());
        return json;
    }

    private sealed class TestHttpClients(WebhookAddressGuard guard) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(WebhookServiceCollectionExtensions.CreateHandler(guard), disposeHandler: true);
    }
}
