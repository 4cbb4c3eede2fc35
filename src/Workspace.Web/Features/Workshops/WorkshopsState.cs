using Workspace.Web.Components.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>The workshops page as loaded by <see cref="WorkshopService.GetListAsync"/>.</summary>
public sealed record WorkshopList(ValueList<WorkshopSummary> Workshops, bool IsFacilitator)
{
    /// <summary>Live and coming workshops soonest first, then ended ones latest first.</summary>
    public static ValueList<WorkshopSummary> InOrder(IEnumerable<WorkshopSummary> workshops) =>
        workshops
            .OrderBy(w => w.State == WorkshopState.Ended ? 1 : 0)
            .ThenBy(w => w.State == WorkshopState.Ended ? -w.StartsUtc.Ticks : w.StartsUtc.Ticks)
            .ToValueList();
}

/// <summary>
/// The workshops list in memory: workshops planned, started, ended or cancelled arrive with their summary,
/// agenda and title changes with the workshop's run; a timer or an idea changes nothing here.
/// </summary>
public sealed class WorkshopsState(Guid partnershipId, string userId, WorkshopList list)
{
    // A run picture older than one already applied (two changes published at once) is ignored.
    private readonly Dictionary<Guid, long> _runVersions = [];

    public WorkshopList Model { get; private set; } = list;

    /// <summary>Applies a live event; true when the list or the viewer's role changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != partnershipId)
        {
            return false;
        }

        var before = Model;
        Model = change switch
        {
            WorkshopSaved saved => Model with { Workshops = Replace(saved.Workshop.Id, saved.Cancelled ? null : saved.Workshop) },
            WorkshopRunChanged run when Accept(run.Run) && Model.Workshops.FirstOrDefault(w => w.Id == run.Run.Id) is { } shown =>
                Model with
                {
                    Workshops = Replace(shown.Id, shown with
                    {
                        Title = run.Run.Title,
                        StartsUtc = run.Run.StartsUtc,
                        Location = run.Run.Location,
                        State = run.Run.State,
                        ItemCount = run.Run.Items.Count,
                        TotalMinutes = run.Run.TotalMinutes,
                        MinutesEntryId = run.Run.MinutesEntryId ?? shown.MinutesEntryId,
                    })
                },
            MemberRoleChanged role when role.UserId == userId => Model with { IsFacilitator = role.Role == PartnershipRole.Facilitator },
            _ => Model,
        };
        return !Equals(before, Model);
    }

    /// <summary>Takes the list as read again after events were missed.</summary>
    public void Resync(WorkshopList fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        Model = fresh;
    }

    private bool Accept(WorkshopRunView run)
    {
        if (_runVersions.TryGetValue(run.Id, out var seen) && seen > run.Version)
        {
            return false;
        }

        _runVersions[run.Id] = run.Version;
        return true;
    }

    private ValueList<WorkshopSummary> Replace(Guid id, WorkshopSummary? workshop) =>
        WorkshopList.InOrder(Model.Workshops.Where(w => w.Id != id).Concat(workshop is null ? [] : [workshop]));
}
