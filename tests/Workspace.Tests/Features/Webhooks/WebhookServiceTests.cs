using System.Net;
using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Webhooks;

namespace Workspace.Tests.Features.Webhooks;

/// <summary>Registering hooks, enqueueing with the change, idempotency, turning off after failures, and who may do what.</summary>
public sealed class WebhookServiceTests : WebhookTestBase
{
    private const string Url = "https://hooks.example.org/workspace";

    [Fact]
    public async Task Create_ShowsTheSecretOnce_StoresItEncrypted_AndIsAudited()
    {
        var created = await CreateHookAsync(Url, name: "Council case system");

        var stored = Db.Read(db => db.Webhooks.Single());
        Assert.StartsWith(WebhookSecrets.Prefix, created.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(created.Secret, Secrets.Unprotect(stored.ProtectedSecret));
        var listed = (await NewWebhookService().ListAsync(Fran, Partnership, Ct)).Value!;
        Assert.Equal("Council case system", Assert.Single(listed).Name);
        var audit = Db.Read(db => db.ChangeRecords.Where(r => r.EntityType == nameof(Webhook)).ToList());
        Assert.Equal("Created", Assert.Single(audit).Field);
        Assert.DoesNotContain(audit, r => $"{r.OldValue}{r.NewValue}".Contains(created.Secret[^20..], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", Url, WebhookEvents.CheckInRecorded, nameof(WebhookInput.Name))]
    [InlineData("Feed", "", WebhookEvents.CheckInRecorded, nameof(WebhookInput.Url))]
    [InlineData("Feed", "http://hooks.example.org/x", WebhookEvents.CheckInRecorded, nameof(WebhookInput.Url))]
    [InlineData("Feed", "https://192.168.0.4/x", WebhookEvents.CheckInRecorded, nameof(WebhookInput.Url))]
    [InlineData("Feed", Url, WebhookEvents.None, nameof(WebhookInput.Events))]
    [InlineData("Feed", Url, (WebhookEvents)64, nameof(WebhookInput.Events))]
    public async Task Create_RefusesBadInput_WithAMessageForTheField(string name, string url, WebhookEvents events, string field)
    {
        var service = NewWebhookService(new WebhookAddressGuard(allowLoopback: false));

        var result = await service.CreateAsync(Fran, Partnership, new WebhookInput { Name = name, Url = url, Events = events }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(field));
        Assert.Empty(Db.Read(db => db.Webhooks.ToList()));
    }

    [Fact]
    public async Task Create_RefusesANameTooLongOrTaken()
    {
        await CreateHookAsync(Url, name: "Feed");

        var taken = await NewWebhookService().CreateAsync(Fran, Partnership, new WebhookInput { Name = "FEED", Url = Url, Events = WebhookEvents.DecisionClosed }, Ct);
        var tooLong = await NewWebhookService().CreateAsync(Fran, Partnership, new WebhookInput { Name = new string('x', Webhook.NameMaxLength + 1), Url = Url, Events = WebhookEvents.DecisionClosed }, Ct);

        Assert.NotNull(taken.Error?.For(nameof(WebhookInput.Name)));
        Assert.NotNull(tooLong.Error?.For(nameof(WebhookInput.Name)));
    }

    [Fact]
    public async Task ACheckIn_EnqueuesOneDeliveryPerSubscribedHook_InItsOwnSave()
    {
        var a = await CreateHookAsync(Url, WebhookEvents.CheckInRecorded);
        var b = await CreateHookAsync(Url, WebhookEvents.CheckInRecorded | WebhookEvents.DecisionClosed);
        await CreateHookAsync(Url, WebhookEvents.DecisionClosed);
        var off = await CreateHookAsync(Url, WebhookEvents.CheckInRecorded);
        await NewWebhookService().SetEnabledAsync(Fran, Partnership, off.Hook.Id, false, Ct);

        await RecordCheckInAsync();

        var deliveries = Deliveries();
        Assert.Equal(new[] { a.Hook.Id, b.Hook.Id }.Order(), deliveries.Select(d => d.WebhookId).Order());
        Assert.All(deliveries, d => Assert.Equal((WebhookEventKind.CheckInRecorded, WebhookDeliveryStatus.Pending), (d.EventKind, d.Status)));
        var checkIn = Db.Read(db => db.CheckIns.Single());
        Assert.All(deliveries, d => Assert.Equal($"checkin:{checkIn.Id}", d.EventId));
        Assert.Contains("\"indicatorName\":\"Crossings built\"", deliveries[0].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckInThatIsRefused_EnqueuesNothing_AndUnsubscribedKindsNone()
    {
        await CreateHookAsync(Url, WebhookEvents.DecisionClosed);
        var refused = await NewIndicatorService().RecordCheckInAsync(Priya, Partnership, Indicator, new Workspace.Web.Features.Goals.CheckInInput { Value = 3 }, Ct);
        await RecordCheckInAsync();

        Assert.False(refused.Succeeded);
        Assert.Empty(Deliveries());
    }

    [Fact]
    public async Task ClosingADecision_EnqueuesDecisionClosed()
    {
        var hook = await CreateHookAsync(Url, WebhookEvents.DecisionClosed);
        var decision = Db.AddLogEntry(Partnership, Fran, EntryKind.Decision, "Fund the patrols");

        var closed = await NewDecisionService().CloseDecisionAsync(Fran, Partnership, decision, "Patrols funded.", "No objections were raised in time.", Ct);

        Assert.True(closed.Succeeded, closed.Error?.Message);
        var delivery = Assert.Single(Deliveries());
        Assert.Equal((hook.Hook.Id, WebhookEventKind.DecisionClosed, $"decision:{decision}"), (delivery.WebhookId, delivery.EventKind, delivery.EventId));
        Assert.Contains("Patrols funded.", delivery.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverdueActions_AreEnqueuedOnce_HoweverOftenTheDuePassRuns()
    {
        await CreateHookAsync(Url, WebhookEvents.ActionOverdue);
        await CreateHookAsync(Url, WebhookEvents.ActionOverdue);
        var today = DateOnly.FromDateTime(UtcNow);
        Db.AddLogEntry(Partnership, Priya, EntryKind.Action, "Repaint the crossing", e => e.DueDate = today.AddDays(-1));
        Db.AddLogEntry(Partnership, Priya, EntryKind.Action, "Not yet due", e => e.DueDate = today.AddDays(3));

        await NewDueNotifier().RunOnceAsync(Ct);
        await NewDueNotifier().RunOnceAsync(Ct);

        var deliveries = Deliveries();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(WebhookEventKind.ActionOverdue, d.EventKind));
        Assert.Single(deliveries.Select(d => d.EventId).Distinct());
    }

    [Fact]
    public async Task TheSameEventTwice_IsOneDelivery_AndTheKeyHoldsAgainstARace()
    {
        var hook = await CreateHookAsync(Url, WebhookEvents.CheckInRecorded);
        await using (var db = Db.CreateDbContext())
        {
            await WebhookOutbox.EnqueueAsync(db, Partnership, WebhookEventKind.CheckInRecorded, "checkin:same", UtcNow, new { }, Ct);
            await WebhookOutbox.EnqueueAsync(db, Partnership, WebhookEventKind.CheckInRecorded, "checkin:same", UtcNow, new { }, Ct);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = Db.CreateDbContext())
        {
            await WebhookOutbox.EnqueueAsync(db, Partnership, WebhookEventKind.CheckInRecorded, "checkin:same", UtcNow, new { }, Ct);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Single(Deliveries());
        // Another node that checked before this one committed: the unique key refuses its row.
        Assert.Throws<DbUpdateException>(() => Db.Write(db => db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Id = Guid.NewGuid(),
            WebhookId = hook.Hook.Id,
            EventId = "checkin:same",
            Payload = "{}",
            CreatedUtc = UtcNow,
            NextAttemptUtc = UtcNow,
        })));
    }

    [Fact]
    public async Task AfterTheLimitOfFailuresInARow_TheHookIsTurnedOff_AndItsFacilitatorsAreTold()
    {
        Settings.DisableAfterFailures = 3;
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            receiver.Answers.Enqueue(500);
        }

        var hook = await CreateHookAsync(receiver.Url.ToString(), name: "Council case system");
        for (var i = 0; i < 3; i++)
        {
            await RecordCheckInAsync(i);
        }

        await NewDispatcher().RunOnceAsync(Ct);

        var stored = Db.Read(db => db.Webhooks.Single());
        Assert.False(stored.Enabled);
        Assert.Contains("HTTP 500", stored.DisabledReason, StringComparison.Ordinal);
        var notice = Assert.Single(NotificationsOf(Fran));
        Assert.Equal(NotificationKind.WebhookDisabled, notice.Kind);
        Assert.Contains("Council case system", notice.Title, StringComparison.Ordinal);
        Assert.Equal($"p/{Partnership}/webhooks", notice.Link);
        Assert.Empty(NotificationsOf(Priya));
        Assert.Contains(Db.Read(db => db.ChangeRecords.Where(r => r.EntityType == nameof(Webhook)).Select(r => r.Field).ToList()), f => f == "Disabled");

        // A turned-off hook gets no further attempts, even when due; turning it on starts the count again.
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await NewDispatcher().RunOnceAsync(Ct));
        Assert.True((await NewWebhookService().SetEnabledAsync(Fran, Partnership, hook.Hook.Id, true, Ct)).Succeeded);
        var on = Db.Read(db => db.Webhooks.Single());
        Assert.Equal((true, 0, null), (on.Enabled, on.ConsecutiveFailures, on.DisabledReason));
    }

    [Fact]
    public async Task AHostnameResolvingToAPrivateAddress_IsNotSent_AndTheLogSaysWhy()
    {
        var guard = new WebhookAddressGuard(false, (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.7") }));
        var hook = (await NewWebhookService(guard).CreateAsync(Fran, Partnership, new WebhookInput { Name = "Internal", Url = "https://internal.example.org/hook", Events = WebhookEvents.CheckInRecorded }, Ct)).Value!;
        await RecordCheckInAsync();

        await NewDispatcher(guard).RunOnceAsync(Ct);

        var row = Assert.Single((await NewWebhookService(guard).LogAsync(Fran, Partnership, hook.Hook.Id, Ct)).Value!);
        Assert.Null(row.StatusCode);
        Assert.Contains("10.0.0.7", row.Error, StringComparison.Ordinal);
        Assert.Equal(WebhookDeliveryStatus.Failed, row.Status);
    }

    [Fact]
    public async Task NonFacilitators_CannotListCreateOrChangeHooks_AndOutsidersAreToldNothing()
    {
        var hook = await CreateHookAsync(Url);
        var service = NewWebhookService();
        var input = new WebhookInput { Name = "Mine", Url = Url, Events = WebhookEvents.CheckInRecorded };

        foreach (var (person, kind) in new[] { (Priya, ErrorKind.Forbidden), (Omar, ErrorKind.Forbidden), (Olu, ErrorKind.NotFound) })
        {
            Assert.Equal(kind, (await service.ListAsync(person, Partnership, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.CreateAsync(person, Partnership, input, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.LogAsync(person, Partnership, hook.Hook.Id, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.RotateSecretAsync(person, Partnership, hook.Hook.Id, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.ChangeEventsAsync(person, Partnership, hook.Hook.Id, WebhookEvents.DecisionClosed, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.SetEnabledAsync(person, Partnership, hook.Hook.Id, false, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.SendTestAsync(person, Partnership, hook.Hook.Id, Ct)).Error?.Kind);
            Assert.Equal(kind, (await service.DeleteAsync(person, Partnership, hook.Hook.Id, Ct)).Error?.Kind);
        }

        var stored = Db.Read(db => db.Webhooks.Single());
        Assert.Equal((WebhookEvents.CheckInRecorded, true), (stored.Events, stored.Enabled));
        Assert.Equal(hook.Secret, Secrets.Unprotect(stored.ProtectedSecret));
        Assert.Empty(Deliveries());
    }

    [Fact]
    public async Task AHookOfOnePartnership_CannotBeReadOrChangedThroughAnothersId()
    {
        var other = Db.AddPartnership("Fran's other partnership", (Fran, Workspace.Web.Features.Partnerships.PartnershipRole.Facilitator));
        var hook = await CreateHookAsync(Url);
        var service = NewWebhookService();
        var delivery = (await service.SendTestAsync(Fran, Partnership, hook.Hook.Id, Ct)).Value;
        Db.Write(db => db.WebhookDeliveries.Where(d => d.Id == delivery).ExecuteUpdate(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Abandoned)));

        Assert.Empty((await service.ListAsync(Fran, other, Ct)).Value!);
        Assert.Equal(ErrorKind.NotFound, (await service.LogAsync(Fran, other, hook.Hook.Id, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.RotateSecretAsync(Fran, other, hook.Hook.Id, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.ChangeEventsAsync(Fran, other, hook.Hook.Id, WebhookEvents.DecisionClosed, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.SetEnabledAsync(Fran, other, hook.Hook.Id, false, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.SendTestAsync(Fran, other, hook.Hook.Id, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.RetryAsync(Fran, other, delivery, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.DeleteAsync(Fran, other, hook.Hook.Id, Ct)).Error?.Kind);
        // Olu, facilitator of another partnership, gets no further with his own partnership's id.
        Assert.Equal(ErrorKind.NotFound, (await service.DeleteAsync(Olu, Elsewhere, hook.Hook.Id, Ct)).Error?.Kind);

        var stored = Db.Read(db => db.Webhooks.Single());
        Assert.Equal((WebhookEvents.CheckInRecorded, true, hook.Secret), (stored.Events, stored.Enabled, Secrets.Unprotect(stored.ProtectedSecret)));
        Assert.Equal(WebhookDeliveryStatus.Abandoned, Db.Read(db => db.WebhookDeliveries.Single().Status));
    }

    [Fact]
    public async Task RotateChangeEventsTurnOffAndDelete_AreAudited()
    {
        var hook = await CreateHookAsync(Url, name: "Feed");
        var service = NewWebhookService();

        var rotated = (await service.RotateSecretAsync(Fran, Partnership, hook.Hook.Id, Ct)).Value!;
        await service.ChangeEventsAsync(Fran, Partnership, hook.Hook.Id, WebhookEvents.DecisionClosed | WebhookEvents.ActionOverdue, Ct);
        await service.SetEnabledAsync(Fran, Partnership, hook.Hook.Id, false, Ct);
        await service.SetEnabledAsync(Fran, Partnership, hook.Hook.Id, true, Ct);
        var before = Db.Read(db => db.Webhooks.Single());
        await service.DeleteAsync(Fran, Partnership, hook.Hook.Id, Ct);

        Assert.NotEqual(hook.Secret, rotated);
        Assert.Equal(rotated, Secrets.Unprotect(before.ProtectedSecret));
        Assert.Equal(WebhookEvents.DecisionClosed | WebhookEvents.ActionOverdue, before.Events);
        Assert.Empty(Db.Read(db => db.Webhooks.ToList()));
        Assert.Equal(["Created", "SecretRotated", "Events", "Disabled", "Enabled", "Deleted"],
            Db.Read(db => db.ChangeRecords.Where(r => r.EntityType == nameof(Webhook)).OrderBy(r => r.Id).Select(r => r.Field).ToList()));
    }
}
