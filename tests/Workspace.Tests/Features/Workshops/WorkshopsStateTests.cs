using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The workshops list and the minutes page fed the events the workshop services really publish.</summary>
public sealed class WorkshopsStateTests : WorkshopTestBase
{
    private async Task<WorkshopsState> LoadAsync(string userId) =>
        new(Partnership, userId, (await Workshops.GetListAsync(userId, Partnership, Ct)).Value!);

    private T LastPublished<T>()
        where T : PartnershipEvent => Events.Published.OfType<T>().Last();

    [Fact]
    public async Task AWorkshopPlannedElsewhere_IsListed_AndItsAgendaCounted()
    {
        var state = await LoadAsync(Cara);
        Assert.False(state.Model.IsFacilitator);

        var (workshop, _, _) = await PlanAsync();

        Assert.True(state.Apply(LastPublished<WorkshopSaved>()));
        foreach (var run in Events.Published.OfType<WorkshopRunChanged>())
        {
            state.Apply(run);
        }

        var listed = Assert.Single(state.Model.Workshops);
        Assert.Equal((workshop, 2, 30), (listed.Id, listed.ItemCount, listed.TotalMinutes));
        Assert.Equal(state.Model, (await Workshops.GetListAsync(Cara, Partnership, Ct)).Value);
    }

    [Fact]
    public async Task StartingAndEnding_MoveTheWorkshop_AndTheTimerOrAnIdeaDoNot()
    {
        var (workshop, item, _) = await LiveAsync();
        var state = await LoadAsync(Cara);
        Assert.Equal(WorkshopState.Live, Assert.Single(state.Model.Workshops).State);

        await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct);
        Assert.False(state.Apply(LastPublished<WorkshopRunChanged>()));
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Soup kitchen on Fridays", Ct);
        Assert.False(state.Apply(LastPublished<IdeasChanged>()));

        var mark = Events.Published.Count;
        await Workshops.EndAsync(Fran, Partnership, workshop, Ct);
        var changed = Events.Published.Skip(mark).Select(state.Apply).ToList();

        Assert.Contains(true, changed);
        var ended = Assert.Single(state.Model.Workshops);
        Assert.Equal(WorkshopState.Ended, ended.State);
        Assert.NotNull(ended.MinutesEntryId);
    }

    [Fact]
    public async Task ACancelledWorkshop_LeavesTheList_AndAnotherPartnershipsDoesNotEnterIt()
    {
        var (workshop, _, _) = await PlanAsync();
        var state = await LoadAsync(Cara);

        await PlanAsync(OtherPartnership, Nina);
        Assert.False(state.Apply(LastPublished<WorkshopSaved>()));
        Assert.True((await Workshops.DeleteAsync(Fran, Partnership, workshop, Ct)).Succeeded);

        Assert.True(state.Apply(LastPublished<WorkshopSaved>()));
        Assert.Empty(state.Model.Workshops);
    }

    [Fact]
    public async Task TheViewerMadeFacilitator_MayPlan()
    {
        var state = await LoadAsync(Cara);

        await NewMemberService().ChangeRoleAsync(Fran, Partnership, Carl, PartnershipRole.Facilitator, Ct);
        Assert.False(state.Apply(LastPublished<Workspace.Web.Features.Members.MemberRoleChanged>()));
        await NewMemberService().ChangeRoleAsync(Fran, Partnership, Cara, PartnershipRole.Facilitator, Ct);

        Assert.True(state.Apply(LastPublished<Workspace.Web.Features.Members.MemberRoleChanged>()));
        Assert.True(state.Model.IsFacilitator);
    }

    [Fact]
    public async Task TheMinutesPage_ReloadsOnlyWhenItsWorkshopEnds()
    {
        var (workshop, _, _) = await LiveAsync();
        var (other, _, _) = await LiveAsync();

        await Workshops.EndAsync(Fran, Partnership, other, Ct);
        var otherEnded = LastPublished<WorkshopSaved>();
        await Workshops.EndAsync(Fran, Partnership, workshop, Ct);
        var ended = LastPublished<WorkshopSaved>();

        Assert.True(ended.WroteMinutesOf(workshop));
        Assert.False(otherEnded.WroteMinutesOf(workshop));
        Assert.False(Events.Published.OfType<WorkshopSaved>().First().WroteMinutesOf(workshop));
    }
}
