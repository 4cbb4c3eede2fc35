using Workspace.Tests.Support;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Agreement;

/// <summary>The agreement page's state fed the events the services really publish.</summary>
public sealed class AgreementPageStateTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly AgreementService _agreement;

    public AgreementPageStateTests()
    {
        var council = Db.AddOrganisation("Riverside Council");
        _fran = Db.AddPerson("Fran Facilitator", organisationId: council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: council);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _agreement = new AgreementService(Db, Events, Clock, new(Db, Events, Clock));
    }

    private async Task<AgreementPageState> LoadAsync(string userId) =>
        new(_partnership, userId, (await _agreement.GetAsync(userId, _partnership, Ct)).Value!);

    private async Task<AgreementView> ReadAsync(string userId) => (await _agreement.GetAsync(userId, _partnership, Ct)).Value!;

    [Fact]
    public async Task TypingInASection_MarksTheAgreementToReadAgain_OnceForABurst_AndTheReadShowsTheText()
    {
        var state = await LoadAsync(_cara);
        var coTyping = new CoTypingService(Db, Events, Clock);
        var text = (await coTyping.OpenAgreementSectionAsync(_fran, _partnership, AgreementSectionKind.Vision, Ct)).Value!;

        await coTyping.SubmitAsync(_fran, text.TextId, 0, "[\"Feed\"]", "fran", 1, Ct);
        var first = Assert.IsType<CoTextChanged>(Events.Published[^1]);
        Assert.False(state.Affects(first, savingMine: false));
        Assert.True(state.TypedMeanwhile);

        state.Reading();
        await coTyping.SubmitAsync(_fran, text.TextId, 1, "[4, \" every family\"]", "fran", 2, Ct);
        state.Affects(Events.Published[^1], savingMine: false);
        state.Resync(await ReadAsync(_cara));

        Assert.True(state.TypedMeanwhile);
        Assert.Equal("Feed every family", state.Section(AgreementSectionKind.Vision).Text);
    }

    [Fact]
    public async Task TypingInAGoalOrAnotherPartnershipsSection_IsNotRead()
    {
        var state = await LoadAsync(_cara);
        var other = Db.AddPartnership("Clean Air", (_fran, PartnershipRole.Facilitator));
        var goal = Guid.NewGuid();

        Assert.False(state.Affects(new CoTextChanged(_partnership, _fran, Guid.NewGuid(), CoText.GoalDescription, goal, 1, "[\"a\"]", "fran", 1), savingMine: false));
        Assert.False(state.Affects(new CoTextChanged(other, _fran, Guid.NewGuid(), CoText.AgreementSection(AgreementSectionKind.Vision), other, 1, "[\"a\"]", "fran", 1), savingMine: false));
        Assert.False(state.Affects(new CoTextChanged(_partnership, _fran, Guid.NewGuid(), CoText.WorkshopNotes, goal, 1, "[\"a\"]", "fran", 1), savingMine: false));
        Assert.False(state.TypedMeanwhile);
    }

    [Fact]
    public async Task OneSectionIsEditedAtATime()
    {
        var state = await LoadAsync(_cara);

        state.StartEdit(AgreementSectionKind.Vision);
        Assert.Equal(AgreementSectionKind.Vision, state.Editing);
        state.StopEdit();
        Assert.Null(state.Editing);
    }

    [Fact]
    public async Task MyOwnSaveInFlight_IsNotReadTwice_ButMySaveInAnotherTabIs()
    {
        var state = await LoadAsync(_cara);
        var purpose = state.View.Sections[0];

        await _agreement.SaveSectionAsync(_cara, _partnership, purpose.Kind, "Feed every family", purpose.Version, Ct);
        var mine = Assert.IsType<AgreementChanged>(Events.Published[^1]);

        Assert.False(state.Affects(mine, savingMine: true));
        Assert.True(state.Affects(mine, savingMine: false));
    }

    [Fact]
    public async Task ANewGoal_DatesAnIssuedVersion_OnlyOnceThereIsOne()
    {
        var state = await LoadAsync(_cara);
        var goals = NewGoalService();

        await goals.CreateAsync(_fran, _partnership, new NewGoalInput { Title = "Cleaner water" }, Ct);
        var beforeIssue = Assert.IsType<GoalSaved>(Events.Published[^1]);
        Assert.False(state.Affects(beforeIssue, savingMine: false));
        var purpose = state.View.Sections[0];
        await _agreement.SaveSectionAsync(_fran, _partnership, purpose.Kind, "Feed every family", purpose.Version, Ct);
        Assert.True((await _agreement.IssueAsync(_fran, _partnership, "First version", Ct)).Succeeded);
        state.Resync(await ReadAsync(_cara));
        await goals.CreateAsync(_fran, _partnership, new NewGoalInput { Title = "Warmer homes" }, Ct);

        Assert.True(state.Affects(Events.Published[^1], savingMine: false));
    }

    [Fact]
    public async Task TwoReadsOverlapping_TheOneStartedEarlierFinishingLast_DoesNotReplaceTheNewer()
    {
        var state = await LoadAsync(_cara);
        var purpose = state.View.Sections[0];
        var earlier = state.ReadStarts();
        var older = await ReadAsync(_cara);
        await _agreement.SaveSectionAsync(_fran, _partnership, purpose.Kind, "Feed every family", purpose.Version, Ct);
        var later = state.ReadStarts();

        Assert.True(state.Resync(await ReadAsync(_cara), later));
        Assert.False(state.Resync(older, earlier));

        Assert.Equal("Feed every family", state.View.Sections[0].Text);
    }

    [Fact]
    public async Task PresenceOrAnotherPartnershipsAgreement_AreNotRead()
    {
        var other = Db.AddPartnership("Clean Air", (_fran, PartnershipRole.Facilitator));
        var otherAgreement = await _agreement.GetAsync(_fran, other, Ct);
        var state = await LoadAsync(_cara);

        await _agreement.SaveSectionAsync(_fran, other, otherAgreement.Value!.Sections[0].Kind, "Clean air", 0, Ct);
        var elsewhere = Assert.IsType<AgreementChanged>(Events.Published[^1]);

        Assert.False(state.Affects(elsewhere, savingMine: false));
        Assert.True(state.Affects(elsewhere with { PartnershipId = _partnership }, savingMine: false));
        Assert.False(state.Affects(new PresenceChanged(_partnership, "agreement", [new PresenceEntry(_fran, "Fran Facilitator", null, null)]), savingMine: false));
    }
}
