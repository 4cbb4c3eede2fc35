using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Health;

/// <summary>Everything the health page shows, read in one call; the same for every member but <see cref="Can"/> and <see cref="MyAnswers"/>.</summary>
public sealed record HealthView(
    HealthCadence Cadence,
    DateTime? LastOpenedUtc,
    OpenRoundView? Open,
    IReadOnlyList<ClosedRoundView> Rounds,
    IReadOnlyList<FindingView> Findings,
    IReadOnlyDictionary<HealthPrinciple, MyAnswer> MyAnswers,
    HealthPermissions Can)
{
    /// <summary>When the next round is due by the cadence (today at the earliest), or null when there is no cadence.</summary>
    public DateOnly? NextDue(DateOnly today) => HealthSchedule.NextDue(Cadence, LastOpenedUtc, today);

    public HealthOverview? Overview => HealthOverview.Of(Rounds);
}

/// <summary>What the viewer may do besides answering, which every member may.</summary>
public sealed record HealthPermissions(bool Facilitate);

/// <summary>The viewer's own answer to a statement of the open round.</summary>
public sealed record MyAnswer(int Score, string Comment);

/// <summary>The round members are answering: how many have answered, never who.</summary>
public sealed record OpenRoundView(int Number, DateTime OpenedUtc, string OpenedBy, DateOnly? ClosesOn, bool Anonymous, int Respondents, int Members);

/// <summary>A closed round with its results, as every member sees them (<see cref="HealthResults"/>).</summary>
public sealed record ClosedRoundView(
    int Number, DateTime OpenedUtc, DateTime ClosedUtc, bool Anonymous, int Respondents, int Members, IReadOnlyList<PrincipleResult> Principles)
{
    public PrincipleResult For(HealthPrinciple principle) => Principles.Single(p => p.Principle == principle);
}

/// <summary>An action in the log created from a round's finding about a principle.</summary>
public sealed record FindingView(int Round, HealthPrinciple Principle, Guid EntryId, string Title);

/// <summary>One closed round's overall mean for a principle.</summary>
public sealed record HealthTrendPoint(int Round, DateOnly ClosedOn, double Mean);

/// <summary>A principle in the latest closed round, with its trend over the rounds.</summary>
public sealed record PrincipleHealth(HealthPrinciple Principle, double? Mean, HealthRag? Rag, bool Diverges, IReadOnlyList<HealthTrendPoint> Trend);

/// <summary>The latest closed round at a glance: what the dashboard shows beside the delivery status.</summary>
public sealed record HealthOverview(int Round, DateTime ClosedUtc, int Respondents, int Members, IReadOnlyList<PrincipleHealth> Principles)
{
    /// <summary>How many of the latest closed rounds a trend keeps.</summary>
    public const int TrendLength = 8;

    /// <param name="rounds">Closed rounds, latest first.</param>
    public static HealthOverview? Of(IReadOnlyList<ClosedRoundView> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            return null;
        }

        var latest = rounds[0];
        var window = rounds.Take(TrendLength).Reverse().ToList();
        return new HealthOverview(latest.Number, latest.ClosedUtc, latest.Respondents, latest.Members, [.. latest.Principles.Select(p => new PrincipleHealth(
            p.Principle, p.Overall.Mean, p.Overall.Rag, p.OrganisationDivergence is not null || p.SectorDivergence is not null,
            [.. window.Select(r => (r, r.For(p.Principle).Overall.Mean)).Where(x => x.Mean is not null)
                .Select(x => new HealthTrendPoint(x.r.Number, DateOnly.FromDateTime(x.r.ClosedUtc), x.Mean!.Value))]))]);
    }
}

/// <summary>When a round is due by the cadence.</summary>
public static class HealthSchedule
{
    public static DateOnly? NextDue(HealthCadence cadence, DateTime? lastOpenedUtc, DateOnly today)
    {
        if (cadence == HealthCadence.Off)
        {
            return null;
        }

        if (lastOpenedUtc is not { } last)
        {
            return today;
        }

        var due = DateOnly.FromDateTime(last).AddMonths(cadence == HealthCadence.Monthly ? 1 : 3);
        return due < today ? today : due;
    }
}

/// <summary>A member answered (or changed their answers); carries the count, never who or what.</summary>
public sealed record HealthAnswered(Guid PartnershipId, string? ActorUserId, int Round, int Respondents) : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record HealthRoundOpened(Guid PartnershipId, string? ActorUserId, OpenRoundView Round) : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>A round closed; carries its results, which are the same for every member.</summary>
public sealed record HealthRoundClosed(Guid PartnershipId, string? ActorUserId, ClosedRoundView Round) : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record HealthCadenceChanged(Guid PartnershipId, string? ActorUserId, HealthCadence Cadence) : PartnershipEvent(PartnershipId, ActorUserId);

public sealed record HealthFindingCreated(Guid PartnershipId, string? ActorUserId, FindingView Finding) : PartnershipEvent(PartnershipId, ActorUserId);
