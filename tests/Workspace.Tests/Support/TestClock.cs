namespace Workspace.Tests.Support;

/// <summary>Where the tests' fake clocks start, so dates in test data read the same in every test.</summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
}
