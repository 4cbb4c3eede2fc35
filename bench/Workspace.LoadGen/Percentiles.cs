using System.Globalization;

namespace Workspace.LoadGen;

/// <summary>Nearest-rank percentiles of a set of durations in milliseconds.</summary>
public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = values.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }

    public override string ToString() => Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms (n={Count})");
}
