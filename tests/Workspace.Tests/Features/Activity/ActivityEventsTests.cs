using Workspace.Tests.Support;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Activity;

public sealed class ActivityEventsTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly Guid _partnership;

    public ActivityEventsTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator));
    }

    [Fact]
    public async Task AGoalCreated_IsANewChange_ForItsPartnershipOnly()
    {
        var created = await NewGoalService().CreateAsync(_fran, _partnership, new NewGoalInput { Title = "Cleaner water" }, Ct);

        Assert.True(created.Succeeded, created.Error?.Message);
        var saved = Assert.IsType<GoalSaved>(Assert.Single(Events.Published));
        Assert.True(ActivityEvents.IsNewChange(saved, _partnership));
        Assert.False(ActivityEvents.IsNewChange(saved, Guid.NewGuid()));
    }

    [Fact]
    public void SomeoneOpeningAPage_OrAGap_IsNoNewChange()
    {
        var joined = new PresenceChanged(_partnership, "activity", [new PresenceEntry(_fran, "Fran Facilitator", null, null)]);

        Assert.False(ActivityEvents.IsNewChange(joined, _partnership));
        Assert.False(ActivityEvents.IsNewChange(new EventsMissed(_partnership), _partnership));
    }
}
