using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The room screen's state fed the events the workshop services really publish.</summary>
public sealed class RoomScreenStateTests : WorkshopTestBase
{
    private async Task<RoomScreenState> LoadAsync(Guid workshop) =>
        new(Partnership, (await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!);

    private T LastPublished<T>()
        where T : PartnershipEvent => Events.Published.OfType<T>().Last();

    [Fact]
    public async Task AnIdeaOnTheCurrentItem_IsShown_AndOneOnAnotherItemIsNot()
    {
        var (workshop, item, second) = await LiveAsync();
        var state = await LoadAsync(workshop);

        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, second, "Only for later", Ct);
        Assert.False(state.Apply(LastPublished<IdeasChanged>()));
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Soup kitchen on Fridays", Ct);

        Assert.True(state.Apply(LastPublished<IdeasChanged>()));
        Assert.Equal("Soup kitchen on Fridays", Assert.Single(state.Model.Item!.Ideas).Text);
        Assert.Equal(1, state.Model.Item.IdeaCount);
    }

    [Fact]
    public async Task AnOlderIdeasPictureArrivingLate_IsIgnored()
    {
        var (workshop, item, _) = await LiveAsync();
        var state = await LoadAsync(workshop);
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "First", Ct);
        var older = LastPublished<IdeasChanged>();
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, item, "Second", Ct);

        Assert.True(state.Apply(LastPublished<IdeasChanged>()));
        Assert.False(state.Apply(older));
        Assert.Equal(2, state.Model.Item!.Ideas.Count);
    }

    [Fact]
    public async Task MovingToTheNextItem_AndTheTimer_ChangeTheScreen()
    {
        var (workshop, _, second) = await LiveAsync();
        var state = await LoadAsync(workshop);

        await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct);
        Assert.True(state.Apply(LastPublished<WorkshopRunChanged>()));
        Assert.False(state.Model.Item!.Timer.Running);
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, second, Ct);

        Assert.True(state.Apply(LastPublished<WorkshopRunChanged>()));
        Assert.Equal(("Priorities", 2, true), (state.Model.Item!.Title, state.Model.Item.Number, state.Model.Item.IdeasHidden));
    }

    [Fact]
    public async Task DotsBeforeTheReveal_ShowNothing_AndAfterItOrderTheIdeas()
    {
        var (workshop, item, _) = await LiveAsync();
        var soup = (await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Soup", Ct)).Value!;
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Bread", Ct);
        await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, 3, anonymous: true, Ct);
        var state = await LoadAsync(workshop);

        await Voting.DotVoteAsync(Carl, Partnership, workshop, soup.Id, add: true, Ct);
        Assert.False(state.Apply(LastPublished<VotesChanged>()));
        var mark = Events.Published.Count;
        await Voting.RevealDotVotesAsync(Fran, Partnership, workshop, item, Ct);
        var changed = Events.Published.Skip(mark).Select(state.Apply).ToList();

        Assert.Contains(true, changed);
        Assert.True(state.Model.Item!.VotesRevealed);
        Assert.Equal(("Soup", 1), (state.Model.Item.Ideas[0].Text, state.Model.Item.Ideas[0].Dots));
    }

    [Fact]
    public async Task AnotherWorkshopOrPartnership_OrPresence_ChangeNothing()
    {
        var (workshop, _, _) = await LiveAsync();
        var (other, otherItem, _) = await LiveAsync();
        var (elsewhere, elsewhereItem, _) = await LiveAsync(OtherPartnership, Nina);
        var state = await LoadAsync(workshop);
        var before = state.Model;

        await Ideas.AddIdeaAsync(Cara, Partnership, other, otherItem, "Not here", Ct);
        Assert.False(state.Apply(LastPublished<IdeasChanged>()));
        await Ideas.AddIdeaAsync(Nina, OtherPartnership, elsewhere, elsewhereItem, "Nor here", Ct);
        Assert.False(state.Apply(LastPublished<IdeasChanged>()));
        Assert.False(state.Apply(new PresenceChanged(Partnership, "room", [new PresenceEntry(Fran, "Fran Facilitator", null, null)])));

        Assert.Same(before, state.Model);
    }

    [Fact]
    public async Task Resync_TakesTheRoomAsReadAgain()
    {
        var (workshop, item, _) = await LiveAsync();
        var state = await LoadAsync(workshop);
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Heard nothing of this", Ct);

        state.Resync((await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!);

        Assert.Equal("Heard nothing of this", Assert.Single(state.Model.Item!.Ideas).Text);
    }
}
