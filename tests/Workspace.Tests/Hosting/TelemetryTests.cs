using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Hosting;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Hosting;

/// <summary>With an OTLP endpoint configured, the app traces requests and records its own metrics; the in-memory exporter stands in for the collector.</summary>
public sealed class TelemetryTests : IAsyncDisposable
{
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly TestApp _app;

    public TelemetryTests()
    {
        _app = new TestApp(
            "Development",
            // Nothing listens there: the exports to it fail quietly, the in-memory ones are what the tests read.
            new Dictionary<string, string?> { [Telemetry.OtlpEndpointSetting] = "http://127.0.0.1:9" },
            services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new CollectionOf<Activity>(_spans)));
                services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
            });
    }

    [Fact]
    public async Task ARequest_YieldsAServerSpan()
    {
        using var browser = _app.NewBrowser();

        using var response = await browser.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        await WaitUntilAsync(() => _spans.Any(s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/Account/Login"));
    }

    [Fact]
    public async Task AHealthProbe_YieldsNoSpan()
    {
        using var browser = _app.NewBrowser();

        using var probe = await browser.GetAsync(new Uri(HealthProbes.LivePath, UriKind.Relative), TestContext.Current.CancellationToken);
        using var page = await browser.GetAsync(new Uri("Account/Login", UriKind.Relative), TestContext.Current.CancellationToken);

        probe.EnsureSuccessStatusCode();
        await WaitUntilAsync(() => _spans.Any(s => (s.GetTagItem("url.path") as string) == "/Account/Login"));
        Assert.DoesNotContain(_spans, s => (s.GetTagItem("url.path") as string) == HealthProbes.LivePath);
    }

    [Fact]
    public async Task PublishingAnEvent_CountsItPublishedAndDelivered()
    {
        var events = (InProcessPartnershipEvents)_app.Services.GetRequiredService<IPartnershipEvents>();
        var partnershipId = Guid.NewGuid();
        var handled = 0;
        using var viewer = events.Subscribe(partnershipId, _ =>
        {
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        });

        await events.PublishAsync(new TelemetryProbeEvent(partnershipId), TestContext.Current.CancellationToken);
        await InProcessPartnershipEvents.QueueDrainedAsync(viewer).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(1, handled);
        Assert.Equal(1, SumOf("workspace.events.published", "event.type", nameof(TelemetryProbeEvent)));
        Assert.Equal(1, SumOf("workspace.events.delivered", "event.type", nameof(TelemetryProbeEvent)));
    }

    [Fact]
    public async Task ASave_RecordsItsLatencyTaggedByProvider()
    {
        var factory = _app.Services.GetRequiredService<IDbContextFactory<SqliteWorkspaceDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Name = "Timed", Sector = Sector.Public, CreatedUtc = DateTime.UtcNow });

        var saved = await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, saved);
        var points = Flush().Where(m => m.Name == "workspace.db.save.duration").SelectMany(m => m.MetricPoints).ToList();
        var sqlite = Assert.Single(points, p => TagOf(p, "db.provider") == "Sqlite" && TagOf(p, "outcome") == "saved");
        Assert.True(sqlite.GetHistogramCount() >= 1);
        Assert.True(sqlite.GetHistogramSum() > 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private List<MetricSnapshot> Flush()
    {
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        return [.. _metrics];
    }

    private long SumOf(string metric, string tag, string value) =>
        Flush().Where(m => m.Name == metric).SelectMany(m => m.MetricPoints).Where(p => TagOf(p, tag) == value).Select(p => p.GetSumLong()).LastOrDefault();

    private static string? TagOf(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // The server span ends after the response reaches the client, so it is awaited, with a bound.
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "The condition did not hold within 10 seconds.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private sealed record TelemetryProbeEvent(Guid PartnershipId) : PartnershipEvent(PartnershipId, null);

    /// <summary>The exporter adds from the server's threads while the test reads.</summary>
    private sealed class CollectionOf<T>(ConcurrentBag<T> items) : ICollection<T>
    {
        public int Count => items.Count;

        public bool IsReadOnly => false;

        public void Add(T item) => items.Add(item);

        public void Clear() => items.Clear();

        public bool Contains(T item) => items.Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);

        public bool Remove(T item) => throw new NotSupportedException();

        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
