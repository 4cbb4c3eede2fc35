using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>The shared notes panel's state fed what the co-typing service really answers and publishes.</summary>
public sealed class SharedNotesStateTests : WorkshopTestBase
{
    private readonly CoTypingService _coTyping;
    private Guid _workshop;

    public SharedNotesStateTests() => _coTyping = new CoTypingService(Db, Events, Clock);

    private async Task<SharedNotesState> OpenAsync(string userId)
    {
        var state = new SharedNotesState(Partnership, _workshop);
        state.Take((await _coTyping.OpenWorkshopNotesAsync(userId, Partnership, _workshop, Ct)).Value!);
        return state;
    }

    [Fact]
    public async Task BeforeTheStart_NobodyTypes_AndTheReasonIsShown_ThenContributorsMayButObserversMayNot()
    {
        _workshop = (await PlanAsync()).Workshop;
        var before = await OpenAsync(Cara);
        Assert.False(before.CanType);
        Assert.False(before.StartEdit());
        Assert.Equal("The shared notes open when the workshop starts.", before.WhyNotType);

        await Workshops.StartAsync(Fran, Partnership, _workshop, Ct);
        Assert.True(before.Take((await _coTyping.OpenWorkshopNotesAsync(Cara, Partnership, _workshop, Ct)).Value!));
        Assert.True(before.CanType);
        Assert.True(before.StartEdit());
        var observer = await OpenAsync(Olly);
        Assert.False(observer.CanType);
        Assert.False(observer.StartEdit());
    }

    [Fact]
    public async Task TypingInTheNotes_MarksThemStale_AndAReadShowsTheText_ButAnOlderReadChangesNothing()
    {
        _workshop = (await LiveAsync()).Workshop;
        var observer = await OpenAsync(Olly);
        var cara = (await _coTyping.OpenWorkshopNotesAsync(Cara, Partnership, _workshop, Ct)).Value!;

        await _coTyping.SubmitAsync(Cara, cara.TextId, 0, "[\"Meet monthly\"]", "cara", 1, Ct);
        Assert.True(observer.Apply(Assert.IsType<CoTextChanged>(Events.Published[^1])));
        observer.Reading();
        var read = (await _coTyping.LoadAsync(Olly, cara.TextId, Ct)).Value!;

        Assert.True(observer.Take(read));
        Assert.Equal("Meet monthly", observer.Text);
        Assert.False(observer.Stale);
        Assert.False(observer.Take(read with { Text = "", Revision = 0 }));
        Assert.Equal("Meet monthly", observer.Text);
    }

    [Fact]
    public async Task TypingInAnotherWorkshopOrAGoal_IsNotRead()
    {
        _workshop = (await LiveAsync()).Workshop;
        var state = await OpenAsync(Cara);

        Assert.False(state.Apply(new CoTextChanged(Partnership, Fran, Guid.NewGuid(), CoText.WorkshopNotes, Guid.NewGuid(), 1, "[\"a\"]", "fran", 1)));
        Assert.False(state.Apply(new CoTextChanged(Partnership, Fran, Guid.NewGuid(), CoText.GoalDescription, _workshop, 1, "[\"a\"]", "fran", 1)));
        Assert.False(state.Apply(new CoTextChanged(Guid.NewGuid(), Fran, Guid.NewGuid(), CoText.WorkshopNotes, _workshop, 1, "[\"a\"]", "fran", 1)));
    }
}
