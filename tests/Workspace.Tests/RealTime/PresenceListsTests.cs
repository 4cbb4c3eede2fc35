using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

public sealed class PresenceListsTests
{
    private static readonly PresenceEntry Ana = new("ana", "Ana Costa", "Youth Justice Unit", null);
    private static readonly PresenceEntry Ben = new("ben", "Ben Carter", null, null);

    [Fact]
    public void TheSamePeopleInTheSameState_KeepTheListAlreadyShown()
    {
        IReadOnlyList<PresenceEntry> shown = [Ana, Ben];

        Assert.Same(shown, PresenceLists.Latest(shown, [Ana with { }, Ben with { }]));
    }

    [Fact]
    public void SomeoneArriving_Leaving_StartingToEdit_OrMoving_TakesTheNewList()
    {
        IReadOnlyList<PresenceEntry> shown = [Ana, Ben];
        IReadOnlyList<PresenceEntry>[] updates =
        [
            [Ana],
            [Ana, Ben, new PresenceEntry("cy", "Cy Obi", null, null)],
            [Ana with { EditingField = "Title" }, Ben],
            [Ben, Ana],
            [],
        ];

        foreach (var update in updates)
        {
            Assert.Same(update, PresenceLists.Latest(shown, update));
        }
    }
}
