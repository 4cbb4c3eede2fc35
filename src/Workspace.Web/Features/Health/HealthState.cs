using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Health;

/// <summary>
/// The health page's model in memory: loaded once by <see cref="HealthService.GetAsync"/>, then kept
/// current by applying each live event's data without reading the database.
/// </summary>
public sealed class HealthState(Guid partnershipId, HealthView view)
{
    public HealthView View { get; private set; } = view;

    /// <summary>Applies an event's data; true when it changed what the page shows.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != partnershipId)
        {
            return false;
        }

        var before = View;
        View = change switch
        {
            HealthAnswered answered when View.Open is { } open && open.Number == answered.Round && open.Respondents != answered.Respondents =>
                View with { Open = open with { Respondents = answered.Respondents } },
            HealthRoundOpened opened when View.Open is null && View.Rounds.All(r => r.Number != opened.Round.Number) =>
                View with { Open = opened.Round, LastOpenedUtc = opened.Round.OpenedUtc, MyAnswers = new Dictionary<HealthPrinciple, MyAnswer>() },
            HealthRoundClosed closed when View.Rounds.All(r => r.Number != closed.Round.Number) =>
                View with
                {
                    Open = View.Open?.Number == closed.Round.Number ? null : View.Open,
                    Rounds = [closed.Round, .. View.Rounds],
                    MyAnswers = View.Open?.Number == closed.Round.Number ? new Dictionary<HealthPrinciple, MyAnswer>() : View.MyAnswers,
                },
            HealthCadenceChanged cadence when cadence.Cadence != View.Cadence => View with { Cadence = cadence.Cadence },
            HealthFindingCreated finding when View.Findings.All(f => f.EntryId != finding.Finding.EntryId) =>
                View with { Findings = [.. View.Findings, finding.Finding] },
            _ => View,
        };
        return !ReferenceEquals(before, View);
    }

    /// <summary>Takes the page as loaded again after events were missed; the answers being typed live in the page's form.</summary>
    public void Resync(HealthView fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        View = fresh;
    }

    /// <summary>Takes the viewer's own saved answers, from the service's reply.</summary>
    public void SetMyAnswers(IReadOnlyDictionary<HealthPrinciple, MyAnswer> answers, int respondents)
    {
        View = View with
        {
            MyAnswers = answers,
            Open = View.Open is { } open ? open with { Respondents = Math.Max(open.Respondents, respondents) } : null,
        };
    }
}
