using Bunit;
using Workspace.Tests.Support;
using Workspace.Web.Components.Common;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Common;

/// <summary>Who is here renders again only when the people or what they edit change, not whenever the page around it does.</summary>
public sealed class PresenceAvatarsTests : WorkspaceBunitContext
{
    private static readonly ValueList<PresenceEntry> AnaAndBen = ValueList<PresenceEntry>.Of(
    [
        new("u1", "Ana Costa", "City Council", null),
        new("u2", "Ben Okoro", null, "Title"),
    ]);

    [Fact]
    public void ShowsInitials_WithWhoAndWhatTheyEdit_AsTheLabel()
    {
        var avatars = Render<PresenceAvatars>(p => p.Add(x => x.Model, new(AnaAndBen, "Looking at this goal")));

        var spans = avatars.FindAll(".presence-avatar");
        Assert.Equal(["AC", "BO"], spans.Select(s => s.TextContent));
        Assert.Equal("Ana Costa (City Council)", spans[0].GetAttribute("aria-label"));
        Assert.Equal("Ben Okoro, editing the title", spans[1].GetAttribute("aria-label"));
        Assert.Contains("presence-editing", spans[1].ClassList);
        Assert.Equal("Looking at this goal", avatars.Find(".presence").GetAttribute("aria-label"));
    }

    [Fact]
    public void SamePeople_DoNotRenderAgain_OthersDo()
    {
        var avatars = Render<PresenceAvatars>(p => p.Add(x => x.Model, new(AnaAndBen)));
        var renders = avatars.RenderCount;

        avatars.Render(p => p.Add(x => x.Model, new(AnaAndBen.ToValueList())));
        avatars.Render(p => p.Add(x => x.Model, new(ValueList<PresenceEntry>.Of([.. AnaAndBen]))));
        Assert.Equal(renders, avatars.RenderCount);

        avatars.Render(p => p.Add(x => x.Model, new(ValueList<PresenceEntry>.Of([AnaAndBen[0]]))));
        Assert.True(avatars.RenderCount > renders);
        Assert.Equal(["AC"], avatars.FindAll(".presence-avatar").Select(s => s.TextContent));

        avatars.Render(p => p.Add(x => x.Model, new(ValueList<PresenceEntry>.Empty)));
        Assert.Empty(avatars.FindAll(".presence"));
    }
}
