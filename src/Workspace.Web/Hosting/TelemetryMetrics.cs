using System.Diagnostics.Metrics;

namespace Workspace.Web.Hosting;

/// <summary>
/// The app's own instruments, on the meter <c>Workspace</c>: partnership events published and delivered,
/// how long saves take, and how many circuits show each page. Without a listener each call costs one check.
/// </summary>
public sealed class WorkspaceMetrics
{
    public const string MeterName = "Workspace";

    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _eventsDelivered;
    private readonly Histogram<double> _saveDuration;
    private readonly UpDownCounter<long> _circuits;

    public WorkspaceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _eventsPublished = meter.CreateCounter<long>("workspace.events.published", "{event}", "Partnership events published on this node.");
        _eventsDelivered = meter.CreateCounter<long>("workspace.events.delivered", "{event}", "Partnership events handled by a subscriber on this node.");
        _saveDuration = meter.CreateHistogram<double>(
            "workspace.db.save.duration",
            "s",
            "How long EF Core's SaveChanges takes: its commands, and its commit when no outer transaction is open.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _circuits = meter.CreateUpDownCounter<long>("workspace.circuits", "{circuit}", "Open circuits, by the page they show.");
    }

    public void EventPublished(string eventType) => _eventsPublished.Add(1, new KeyValuePair<string, object?>("event.type", eventType));

    public void EventDelivered(string eventType) => _eventsDelivered.Add(1, new KeyValuePair<string, object?>("event.type", eventType));

    public void SaveCompleted(TimeSpan elapsed, string provider, bool succeeded) =>
        _saveDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("db.provider", provider),
            new KeyValuePair<string, object?>("outcome", succeeded ? "saved" : "failed"));

    public void CircuitsShowing(string page, int change) => _circuits.Add(change, new KeyValuePair<string, object?>("page", page));
}
