using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Components.Common;

namespace Workspace.Tests.Components;

/// <summary>The goal page's tabs: MudTabs' look as one component, with the ARIA tabs pattern.</summary>
public sealed class TabsTests : BunitContext
{
    private static readonly string[] Names = ["Description", "Indicators (2)", "History"];

    public TabsTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private readonly List<int> _selected = [];

    private IRenderedComponent<Tabs> RenderTabs(int active = 0) => Render<Tabs>(p => p
        .Add(t => t.Labels, Names)
        .Add(t => t.Label, "About this goal")
        .Add(t => t.ActiveIndex, active)
        .Add(t => t.ActiveIndexChanged, EventCallback.Factory.Create<int>(this, _selected.Add))
        .Add(t => t.Panel, index => builder => builder.AddContent(0, $"Panel of {Names[index]}")));

    [Fact]
    public void TheActiveTabIsSelected_AndLabelsItsPanel()
    {
        var tabs = RenderTabs(active: 1);

        Assert.Equal("About this goal", tabs.Find("[role=tablist]").GetAttribute("aria-label"));
        var all = tabs.FindAll("[role=tab]");
        Assert.Equal(Names, all.Select(t => t.TextContent.Trim()));
        Assert.Equal(["false", "true", "false"], all.Select(t => t.GetAttribute("aria-selected")));
        Assert.Equal(["-1", "0", "-1"], all.Select(t => t.GetAttribute("tabindex")));
        Assert.Contains("mud-tab-active", all[1].ClassList);
        var panel = tabs.Find("[role=tabpanel]");
        Assert.Equal(all[1].Id, panel.GetAttribute("aria-labelledby"));
        Assert.Equal(panel.Id, all[1].GetAttribute("aria-controls"));
        Assert.Equal("Panel of Indicators (2)", panel.TextContent.Trim());
    }

    [Fact]
    public async Task ClickAndArrowKeys_SelectATab_AndShowItsPanelOnly()
    {
        var tabs = RenderTabs();

        await tabs.FindAll("[role=tab]")[2].ClickAsync(new());
        Assert.Equal("Panel of History", tabs.Find("[role=tabpanel]").TextContent.Trim());

        await tabs.FindAll("[role=tab]")[2].KeyDownAsync(new KeyboardEventArgs { Key = "ArrowRight" });
        Assert.Equal("Panel of Description", tabs.Find("[role=tabpanel]").TextContent.Trim());

        await tabs.FindAll("[role=tab]")[0].KeyDownAsync(new KeyboardEventArgs { Key = "ArrowLeft" });
        Assert.Equal("true", tabs.FindAll("[role=tab]")[2].GetAttribute("aria-selected"));

        await tabs.FindAll("[role=tab]")[2].KeyDownAsync(new KeyboardEventArgs { Key = "Home" });
        Assert.Equal("true", tabs.FindAll("[role=tab]")[0].GetAttribute("aria-selected"));
        Assert.Single(tabs.FindAll("[role=tabpanel]"));
        Assert.Equal([2, 0, 2, 0], _selected);
    }
}
