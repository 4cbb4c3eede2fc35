using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

public sealed class PartnershipSequenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    [Fact]
    public void NumbersInOrder_OrOutOfOrderWithinTheGrace_AreNoGap()
    {
        var sequence = new PartnershipSequence();
        sequence.Baseline(10, T0);

        Assert.False(sequence.Observe(11, T0));
        Assert.True(sequence.Observe(13, T0));
        Assert.False(sequence.Observe(12, T0.AddMilliseconds(200)));

        Assert.Null(sequence.GapSince);
        Assert.False(sequence.GiveUpOnGap(T0.AddSeconds(5), Grace));
    }

    [Fact]
    public void ANumberMissingPastTheGrace_IsAGap_ThenCountingGoesOnFromTheHighest()
    {
        var sequence = new PartnershipSequence();
        sequence.Baseline(0, T0);
        sequence.Observe(1, T0);
        Assert.True(sequence.Observe(3, T0));

        Assert.False(sequence.GiveUpOnGap(T0.AddMilliseconds(900), Grace));
        Assert.True(sequence.GiveUpOnGap(T0.AddSeconds(1), Grace));

        Assert.False(sequence.Observe(4, T0.AddSeconds(2)));
        Assert.Null(sequence.GapSince);
    }

    [Fact]
    public void NumbersBeforeTheBaseline_AreHistory_AndACounterThatRestartedLow_IsNoGapOnceRebaselined()
    {
        var sequence = new PartnershipSequence();
        sequence.Observe(4, T0);
        sequence.Observe(6, T0);
        sequence.Baseline(5, T0);
        Assert.Null(sequence.GapSince);

        // Redis restarted empty: its counter starts again from 0.
        sequence.Reset();
        sequence.Baseline(0, T0);
        Assert.False(sequence.Observe(1, T0));
        Assert.False(sequence.Observe(2, T0));
        Assert.Null(sequence.GapSince);
    }

    [Fact]
    public void ACounterThatExpiredAndStartsAgainAtOne_IsFollowed_NotTakenForHistory()
    {
        var sequence = new PartnershipSequence();
        sequence.Baseline(41, T0);
        Assert.False(sequence.Observe(42, T0));

        Assert.False(sequence.Observe(1, T0.AddDays(31)));
        Assert.False(sequence.Observe(2, T0.AddDays(31)));
        Assert.Null(sequence.GapSince);
        Assert.True(sequence.Observe(4, T0.AddDays(31)));
    }
}
