using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Workspace.Tests.Support;
using Workspace.Web.Components.Layout;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>The quiet notice while live updates from other nodes are delayed: not on a blip, gone when Redis is back.</summary>
public sealed class LiveUpdatesStatusTests : BunitContext
{
    private const string Notice = "Live updates are delayed";
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly LiveUpdatesStatus _status;

    public LiveUpdatesStatusTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        _status = new LiveUpdatesStatus(_clock);
        Services.AddSingleton(_status);
    }

    [Fact]
    public void Status_IsDelayedOnlyAfterTheLossLasts_AndClearsWhenBack()
    {
        var changes = 0;
        _status.Changed += () => changes++;

        _status.MarkUnreachable();
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(_status.Delayed);
        _status.MarkReachable();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(_status.Delayed);
        Assert.Equal(0, changes);

        _status.MarkUnreachable();
        _clock.Advance(LiveUpdatesStatus.Patience);
        Assert.True(_status.Delayed);
        _status.MarkReachable();
        Assert.False(_status.Delayed);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void Notice_ShowsPolitelyWhileDelayed_AndHidesAfter()
    {
        var notice = Render<LiveUpdatesNotice>();
        var region = notice.Find("[role=status]");
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.DoesNotContain(Notice, notice.Markup, StringComparison.Ordinal);

        _status.MarkUnreachable();
        _clock.Advance(LiveUpdatesStatus.Patience);
        notice.WaitForAssertion(() => Assert.Contains(Notice, notice.Find("[role=status]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Your changes are still saved.", notice.Markup, StringComparison.Ordinal);

        _status.MarkReachable();
        notice.WaitForAssertion(() => Assert.DoesNotContain(Notice, notice.Markup, StringComparison.Ordinal));
        Assert.Single(notice.FindAll("[role=status]"));
    }

    [Fact]
    public void Notice_UsesMudAlertsClasses_AndUnsubscribesWhenDisposed()
    {
        _status.MarkUnreachable();
        _clock.Advance(LiveUpdatesStatus.Patience);
        var notice = Render<LiveUpdatesNotice>();
        var alert = Render<MudAlert>(p => p.Add(a => a.Severity, Severity.Info).Add(a => a.Dense, true).AddChildContent("x")).Find(".mud-alert");

        foreach (var cls in notice.Find(".mud-alert").ClassList.Where(c => c.StartsWith("mud-", StringComparison.Ordinal)))
        {
            Assert.Contains(cls, alert.ClassList);
        }

        notice.Instance.Dispose();
        _status.MarkReachable();
        Assert.Contains(Notice, notice.Markup, StringComparison.Ordinal);
    }
}
