using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Workspace.Web.Components.Common;
using Workspace.Web.Components.Layout;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;

namespace Workspace.Tests.Components;

/// <summary>
/// The layout's plain markup that stands in for MudBlazor components (icons, navigation links, the
/// theme's style sheet): it must stay accessible and look like what it replaced.
/// </summary>
public sealed class LayoutMarkupTests : BunitContext
{
    private static readonly PartnershipSummary Safer = new(
        Guid.Parse("6b1f4c2e-58a7-4d6f-9f0e-2f8d7a1c9b10"), "Safer Streets Partnership", "Fewer young people reoffend.",
        PartnershipStatus.Active, PartnershipRole.Facilitator, 5, 4);

    public LayoutMarkupTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void SvgIcon_IsDecorativeSvgWithMudBlazorsIconClasses()
    {
        var rendered = Render(Svg.Icon(Icons.Material.Filled.Flag, "mud-icon-default mud-icon-size-small"));

        var svg = rendered.Find("svg");
        Assert.Equal("true", svg.GetAttribute("aria-hidden"));
        Assert.Equal("false", svg.GetAttribute("focusable"));
        Assert.Equal("0 0 24 24", svg.GetAttribute("viewBox"));
        Assert.Equal(["mud-icon-root", "mud-svg-icon", "mud-icon-default", "mud-icon-size-small"], svg.ClassList);
        Assert.NotEmpty(svg.QuerySelectorAll("path"));
    }

    // The render tree's frame types are the framework's own (BL0006); what this pins is that an icon costs
    // a circuit one frame, whose text is shared.
#pragma warning disable BL0006
    [Fact]
    public void SvgIcon_IsOneMarkupFrame_SharedBetweenRenders()
    {
        var first = new RenderTreeBuilder();
        Svg.Icon(Icons.Material.Filled.Flag, Size.Small, Color.Primary)(first);
        var second = new RenderTreeBuilder();
        Svg.Icon(Icons.Material.Filled.Flag, Size.Small, Color.Primary)(second);

        var frame = Assert.Single(first.GetFrames().Array.Take(first.GetFrames().Count));
        Assert.Equal(RenderTreeFrameType.Markup, frame.FrameType);
        Assert.Same(frame.MarkupContent, second.GetFrames().Array[0].MarkupContent);
        Assert.StartsWith("<svg class=\"mud-icon-root mud-svg-icon mud-primary-text mud-icon-size-small\"", frame.MarkupContent, StringComparison.Ordinal);
    }
#pragma warning restore BL0006

    [Theory]
    [InlineData(Size.Small, Color.Inherit)]
    [InlineData(Size.Medium, Color.Inherit)]
    [InlineData(Size.Medium, Color.Success)]
    [InlineData(Size.Medium, Color.Error)]
    public void SvgIcon_WithSizeAndColor_HasTheClassesMudIconGives(Size size, Color color)
    {
        var icon = Render<MudIcon>(p => p.Add(i => i.Icon, Icons.Material.Filled.Gavel).Add(i => i.Size, size).Add(i => i.Color, color)).Find("svg");

        var svg = Render(Svg.Icon(Icons.Material.Filled.Gavel, size, color)).Find("svg");

        Assert.Equal(icon.ClassList.Order(StringComparer.Ordinal), svg.ClassList.Order(StringComparer.Ordinal));
        Assert.Equal(icon.GetAttribute("viewBox"), svg.GetAttribute("viewBox"));
        Assert.Equal(icon.InnerHtml, svg.InnerHtml);
    }

    [Theory]
    [InlineData(Typo.h4, "h1")]
    [InlineData(Typo.h5, "h2")]
    [InlineData(Typo.h6, "h2")]
    [InlineData(Typo.body1, "p")]
    public void PlainHeadings_HaveTheClassesMudTextGives(Typo typo, string tag)
    {
        // Headings and subtitles on the dashboard, the portfolio and the risk grid are plain elements with these classes.
        var text = Render<MudText>(p => p.Add(t => t.Typo, typo).Add(t => t.HtmlTag, tag).AddChildContent("Heading")).Find(tag);

        Assert.Equal(["mud-typography", $"mud-typography-{typo}"], text.ClassList);
    }

    [Fact]
    public void SvgIcon_IsOneSharedFragmentPerIconAndClass()
    {
        Assert.Same(Svg.Icon(Icons.Material.Filled.Flag), Svg.Icon(Icons.Material.Filled.Flag));
        Assert.NotSame(Svg.Icon(Icons.Material.Filled.Flag), Svg.Icon(Icons.Material.Filled.Flag, "mud-icon-size-small"));
        Assert.Contains("mud-icon-size-medium", Render(Svg.Icon(Icons.Material.Filled.Flag)).Find("svg").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void NavMenu_MarksTheCurrentPageOnly_AndFollowsNavigation()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"p/{Safer.Id}/goals/{Guid.NewGuid()}");

        var menu = Render<NavMenu>(p => p.Add(m => m.Current, Safer));

        Assert.Equal(["Shared goals"], CurrentLinks(menu));
        var goals = Link(menu, "Shared goals");
        Assert.Contains("active", goals.ClassList);
        Assert.Equal($"p/{Safer.Id}/goals", goals.GetAttribute("href"));
        Assert.Equal("true", goals.QuerySelector("svg")!.GetAttribute("aria-hidden"));

        // "Overview" matches its own address only, not the pages below it.
        navigation.NavigateTo($"p/{Safer.Id}");
        menu.WaitForAssertion(() => Assert.Equal(["Overview"], CurrentLinks(menu)));

        navigation.NavigateTo("partnerships?new=1");
        menu.WaitForAssertion(() => Assert.Equal(["My partnerships"], CurrentLinks(menu)));
        Assert.DoesNotContain("active", Link(menu, "Overview").ClassList);
        Assert.Null(Link(menu, "Overview").GetAttribute("aria-current"));
    }

    [Fact]
    public void NavMenu_ShowsThePartnershipsLinksInANamedGroup_AndTheUnreadCount()
    {
        var menu = Render<NavMenu>(p => p.Add(m => m.Current, Safer).Add(m => m.UnreadLogEntries, 17));

        var group = menu.Find("[role=group]");
        Assert.Equal("Safer Streets Partnership", menu.Find($"#{group.GetAttribute("aria-labelledby")}").TextContent.Trim());
        Assert.Equal(12, group.QuerySelectorAll("a").Length);
        Assert.Equal("17 new or changed", menu.Find(".nav-badge").TextContent.Trim());
        Assert.StartsWith("Dialogue log", Link(menu, "Dialogue log").TextContent.Trim(), StringComparison.Ordinal);

        var withoutPartnership = Render<NavMenu>();
        Assert.Equal(["My partnerships", "Portfolio", "Profile"], withoutPartnership.FindAll("a").Select(a => a.TextContent.Trim()));
    }

    [Theory]
    [InlineData("p/x/goals", "p/x/goals", true, true)]
    [InlineData("p/x/goals/123", "p/x/goals", false, true)]
    [InlineData("p/x/goals/123", "p/x/goals", true, false)]
    [InlineData("p/x/goalsx", "p/x/goals", false, false)]
    [InlineData("P/X/Goals", "p/x/goals", false, true)]
    [InlineData("p/x", "p/x/goals", false, false)]
    public void NavMenu_IsCurrent_MatchesThePathOrAPageBelowIt(string path, string href, bool exact, bool expected) =>
        Assert.Equal(expected, NavMenu.IsCurrent(path, href, exact));

    [Fact]
    public void ThemeStyles_Light_IsWhatMudThemeProviderRendersForTheLightPalette()
    {
        var mud = Render<MudThemeProvider>(p => p.Add(t => t.Theme, ThemePreferences.Theme).Add(t => t.ObserveSystemDarkModeChange, false));
        var light = Render<ThemeStyles>();

        Assert.Contains(":root{", light.Markup, StringComparison.Ordinal);
        Assert.Contains("--mud-palette-primary: rgba(29,79,145,1);", light.Markup, StringComparison.Ordinal);
        Assert.Equal(mud.Markup, light.Markup);
    }

    [Fact]
    public void ThemeStyles_Dark_IsMudThemeProvidersDarkVariables_OnTheDarkClassOnly()
    {
        var mud = Render<MudThemeProvider>(p => p
            .Add(t => t.Theme, ThemePreferences.Theme).Add(t => t.IsDarkMode, true).Add(t => t.ObserveSystemDarkModeChange, false));
        var dark = Render<ThemeStyles>(p => p.Add(t => t.IsDarkMode, true));

        var mudVariables = mud.Markup[(mud.Markup.LastIndexOf(":root{", StringComparison.Ordinal) + ":root{".Length)..];
        var scope = "." + ThemePreferences.DarkClass + "{";
        Assert.StartsWith("<style>\n" + scope, dark.Markup, StringComparison.Ordinal);
        Assert.Single(dark.FindAll("style"));
        Assert.Contains("--mud-palette-primary: rgba(138,180,248,1);", dark.Markup, StringComparison.Ordinal);
        Assert.Equal(mudVariables, dark.Markup[(dark.Markup.IndexOf(scope, StringComparison.Ordinal) + scope.Length)..]);
    }

    [Fact]
    public void UserMenu_IsAButtonThatOpensAMenuOfItems_WithTheAccountPagesLoadedInFull()
    {
        var menu = Render<UserMenu>(p => p.Add(m => m.Profile, new ProfileSummary("Ana Costa", "ana@example.org", "Youth Justice Unit", Sector.Public)));

        var button = menu.Find("button[popovertarget]");
        Assert.Equal("Account menu for Ana Costa", button.GetAttribute("aria-label"));
        Assert.Equal("menu", button.GetAttribute("aria-haspopup"));
        var popover = menu.Find($"#{button.GetAttribute("popovertarget")}");
        Assert.True(popover.HasAttribute("popover"));
        Assert.Contains("Youth Justice Unit · Public", popover.QuerySelector(".app-menu-header")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["Profile and organisation", "Change password", "Email address", "Two-step sign-in", "Sign out"],
            popover.QuerySelectorAll("[role=menu] [role=menuitem]").Select(i => i.TextContent.Trim()));

        // The account pages are server-rendered forms: a full load, not a route of the live page.
        Assert.Equal("_top", menu.Find("a[href='Account/Manage/ChangePassword']").GetAttribute("target"));
        Assert.Equal("_top", menu.Find("a[href='Account/Manage/Email']").GetAttribute("target"));
        Assert.Null(menu.Find("a[href='profile']").GetAttribute("target"));
        Assert.Equal("Account/Logout", menu.Find("form").GetAttribute("action"));
    }

    [Fact]
    public void PartnershipSwitcher_ListsThePartnerships_AndMarksTheCurrentOne()
    {
        var other = Safer with { Id = Guid.NewGuid(), Name = "Clean Rivers", MyRole = PartnershipRole.Observer };
        var switcher = Render<PartnershipSwitcher>(p => p.Add(m => m.Partnerships, [Safer, other]).Add(m => m.CurrentId, Safer.Id));

        var button = switcher.Find("button[popovertarget]");
        Assert.Equal("Switch partnership, current: Safer Streets Partnership", button.GetAttribute("aria-label"));
        var items = switcher.FindAll($"#{button.GetAttribute("popovertarget")} [role=menuitem]");
        Assert.Equal(
            [$"p/{Safer.Id}", $"p/{other.Id}/dashboard", "partnerships", "partnerships?new=1"],
            items.Select(i => i.GetAttribute("href")));
        Assert.Equal("page", items[0].GetAttribute("aria-current"));
        Assert.Null(items[1].GetAttribute("aria-current"));
        Assert.Contains("(Observer)", items[1].TextContent, StringComparison.Ordinal);

        var none = Render<PartnershipSwitcher>(p => p.Add(m => m.Partnerships, []));
        Assert.Equal("Switch partnership, current: Choose a partnership", none.Find("button").GetAttribute("aria-label"));
        Assert.Empty(none.FindAll("hr"));
    }

    private static string[] CurrentLinks(IRenderedComponent<NavMenu> menu) =>
        [.. menu.FindAll("a[aria-current=page]").Select(a => a.TextContent.Trim())];

    private static AngleSharp.Dom.IElement Link(IRenderedComponent<NavMenu> menu, string text) =>
        menu.FindAll("a").Single(a => a.TextContent.Trim().StartsWith(text, StringComparison.Ordinal));
}
