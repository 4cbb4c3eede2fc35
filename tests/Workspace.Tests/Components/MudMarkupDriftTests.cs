using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Tests.Support;
using Workspace.Web.Components.Common;
using Workspace.Web.Components.Layout;
using Workspace.Web.Features.Dashboard;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Components;

/// <summary>
/// Our components that write MudBlazor's markup themselves (to keep components out of every circuit,
/// docs/performance.md) against the MudBlazor component they stand in for, as shipped: the same mud-*
/// classes on the corresponding elements, so an upgrade that changes MudBlazor's markup fails here.
/// </summary>
public sealed class MudMarkupDriftTests : WorkspaceBunitContext
{
    private readonly string _ana;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public MudMarkupDriftTests()
    {
        _ana = Db.AddPerson("Ana Costa");
        _partnership = Db.AddPartnership("Safer Streets", (_ana, PartnershipRole.Facilitator));
        _goal = Db.AddGoal(_partnership, "Fewer young people reoffend");
        SignInAs(_ana, "Ana Costa");
    }

    [Fact]
    public void GoalHeader_TitleEditButton_IsMudIconButtonsMarkup()
    {
        var page = RenderInteractive<GoalPage>(p => p.Add(x => x.PartnershipId, _partnership).Add(x => x.GoalId, _goal));
        page.WaitForAssertion(() => page.Find("button[aria-label='Edit the title']"));

        var mud = IconButton(Icons.Material.Filled.Edit, Size.Small, Color.Default, "Edit the title");

        AssertSameMudClasses("GoalHeader title edit button (MudIconButton)", mud, page.Find("button[aria-label='Edit the title']"), ".mud-icon-button-label", "svg");
    }

    [Fact]
    public void ContributionsSection_EditAndRemoveButtons_AreMudIconButtonsMarkup()
    {
        var section = RenderContributions();

        var edit = IconButton(Icons.Material.Filled.Edit, Size.Small, Color.Default, "Edit");
        var remove = IconButton(Icons.Material.Filled.Delete, Size.Small, Color.Error, "Remove");

        AssertSameMudClasses("ContributionsSection edit button (MudIconButton)", edit,
            section.Find("button[aria-label='Edit the contribution of Youth Justice Unit']"), ".mud-icon-button-label", "svg");
        AssertSameMudClasses("ContributionsSection remove button (MudIconButton, Color.Error)", remove,
            section.Find("button[aria-label='Remove Youth Justice Unit as a contributor']"), ".mud-icon-button-label", "svg");
    }

    [Fact]
    public void ContributionsSection_AddButton_IsMudButtonsMarkup()
    {
        var section = RenderContributions();

        var mud = Render<MudButton>(p => p.Add(b => b.Variant, Variant.Outlined).Add(b => b.Color, Color.Primary)
            .Add(b => b.StartIcon, Icons.Material.Filled.Add).AddChildContent("Add a contributing organisation")).Find("button");

        var ours = section.FindAll("button").Single(b => b.TextContent.Contains("Add a contributing organisation", StringComparison.Ordinal));
        AssertSameMudClasses("ContributionsSection add button (MudButton, outlined)", mud, ours, ".mud-button-label", ".mud-button-icon-start", "svg");
    }

    [Fact]
    public void WallPage_ExitLink_KeepsMudButtonsRootClassOnly()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var wall = Render<WallPage>(p => p.Add(x => x.PartnershipId, _partnership));
        wall.WaitForAssertion(() => wall.Find(".wall-controls a"));

        var mud = Render<MudButton>(p => p.Add(b => b.Href, "dashboard").AddChildContent("Exit")).Find("a");

        // The wall's controls are styled by dashboard.css to be read from across a room: the link takes only MudButton's root (its reset).
        var ours = MudClasses(wall.Find(".wall-controls a"));
        Assert.True(ours.IsSubsetOf(MudClasses(mud)), Drift("WallPage exit link (a subset of MudButton's)", mud, ours));
        Assert.Contains("mud-button-root", ours);
    }

    [Fact]
    public void Tabs_AreMudTabsMarkup()
    {
        var ours = Render<Tabs>(p => p.Add(t => t.Labels, ["Overview", "Indicators"]).Add(t => t.Label, "Goal")
            .Add(t => t.Panel, index => builder => builder.AddContent(0, $"Panel {index}")));
        var mud = Render<MudTabs>(p => p.Add(t => t.Rounded, true).Add(t => t.Outlined, true)
            .AddChildContent<MudTabPanel>(tab => tab.Add(t => t.Text, "Overview").AddChildContent("Panel 0"))
            .AddChildContent<MudTabPanel>(tab => tab.Add(t => t.Text, "Indicators").AddChildContent("Panel 1")));

        AssertSameMudClasses("Tabs (MudTabs)", mud.Find(".mud-tabs"), ours.Find(".mud-tabs"),
            ".mud-tabs-tabbar", ".mud-tabs-tabbar-inner", ".mud-tabs-tabbar-content", ".mud-tabs-tabbar-wrapper", ".mud-tooltip-root",
            ".mud-tab.mud-tab-active", ".mud-tab:not(.mud-tab-active)", ".mud-tabs-panels");
    }

    [Fact]
    public void MainLayout_AppBarAndShell_AreMudLayoutsMarkup()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "Page"))));
        layout.WaitForAssertion(() => layout.Find("button[aria-controls='app-drawer']"));
        var mudLayout = Render<MudLayout>(p => p.AddChildContent<MudAppBar>(bar => bar.Add(b => b.Fixed, true).Add(b => b.Elevation, 1).AddChildContent("Bar"))
            .AddChildContent<MudMainContent>(main => main.AddChildContent<MudContainer>(c => c.Add(x => x.MaxWidth, MaxWidth.Large).AddChildContent("Page"))));

        AssertSameMudClasses("MainLayout shell (MudLayout, MudAppBar, MudMainContent, MudContainer)", mudLayout.Find(".mud-layout"), layout.Find(".mud-layout"),
            ".mud-appbar", ".mud-toolbar", ".mud-main-content", ".mud-container");
    }

    [Fact]
    public void MainLayout_AppBarButtons_AreMudIconButtonsMarkup()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "Page"))));
        layout.WaitForAssertion(() => layout.Find("button[aria-controls='app-drawer']"));

        var toggle = Render<MudIconButton>(p => p.Add(b => b.Icon, Icons.Material.Filled.Menu).Add(b => b.Color, Color.Inherit).Add(b => b.Edge, Edge.Start)).Find("button");
        var theme = IconButton(Icons.Material.Filled.DarkMode, Size.Medium, Color.Inherit, "Switch to dark theme");

        foreach (var ours in layout.FindAll("button[aria-controls='app-drawer']"))
        {
            // Each width's toggle adds its own (non-mud) class to show at that width only.
            AssertSameMudClasses("MainLayout navigation toggle (MudIconButton, Edge.Start)", toggle, ours, ".mud-icon-button-label", "svg");
        }

        AssertSameMudClasses("MainLayout theme switch (MudIconButton)", theme, layout.Find("button[aria-label='Switch to dark theme']"), ".mud-icon-button-label", "svg");
    }

    [Fact]
    public void MainLayout_SignInLink_IsMudButtonsMarkup()
    {
        AddAuthorization().SetNotAuthorized();
        SetRendererInfo(new RendererInfo("Server", true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "Page"))));
        layout.WaitForAssertion(() => layout.Find("a[href='Account/Login']"));

        var mud = Render<MudButton>(p => p.Add(b => b.Href, "Account/Login").Add(b => b.Variant, Variant.Outlined).Add(b => b.Color, Color.Inherit).AddChildContent("Sign in")).Find("a");

        AssertSameMudClasses("MainLayout sign-in link (MudButton, outlined)", mud, layout.Find("a[href='Account/Login']"), ".mud-button-label");
    }

    [Fact]
    public void UserMenu_ButtonAndHeader_AreMudButtonsAndMudTextsMarkup()
    {
        var menu = Render<UserMenu>(p => p.Add(m => m.Profile, new ProfileSummary("Ana Costa", "ana@example.org", "Youth Justice Unit", Sector.Public)));

        var button = Render<MudButton>(p => p.Add(b => b.Variant, Variant.Text).Add(b => b.Color, Color.Inherit)
            .Add(b => b.StartIcon, Icons.Material.Filled.AccountCircle).AddChildContent("Ana Costa")).Find("button");
        var name = Render<MudText>(p => p.Add(t => t.Typo, Typo.subtitle2).Add(t => t.HtmlTag, "div").AddChildContent("Ana Costa")).Find("div");
        var email = Render<MudText>(p => p.Add(t => t.Typo, Typo.body2).Add(t => t.HtmlTag, "div").AddChildContent("ana@example.org")).Find("div");

        AssertSameMudClasses("UserMenu button (MudButton, text)", button, menu.Find("button[popovertarget]"), ".mud-button-label", ".mud-button-icon-start", "svg");
        AssertSameMudClasses("UserMenu name (MudText subtitle2)", name, menu.Find(".app-menu-header .mud-typography-subtitle2"));
        AssertSameMudClasses("UserMenu email (MudText body2)", email, menu.Find(".app-menu-header .mud-typography-body2"));
    }

    [Fact]
    public void PartnershipSwitcher_Button_IsMudButtonsMarkup()
    {
        var switcher = Render<PartnershipSwitcher>(p => p.Add(m => m.Partnerships, []));

        var mud = Render<MudButton>(p => p.Add(b => b.Variant, Variant.Text).Add(b => b.Color, Color.Inherit)
            .Add(b => b.StartIcon, Icons.Material.Filled.Workspaces).Add(b => b.EndIcon, Icons.Material.Filled.ArrowDropDown)
            .AddChildContent("Choose a partnership")).Find("button");

        AssertSameMudClasses("PartnershipSwitcher button (MudButton, text, start and end icons)", mud, switcher.Find("button[popovertarget]"),
            ".mud-button-label", ".mud-button-icon-start", ".mud-button-icon-end");
    }

    [Fact]
    public void MenuDividers_AreMudDividersMarkup()
    {
        var menu = Render<UserMenu>(p => p.Add(m => m.Profile, new ProfileSummary("Ana Costa", "ana@example.org", null, null)));
        var mud = Render<MudDivider>().Find("hr");

        // MudMenu's dividers are MudDividers; the app bar menus' separators take the base class, their spacing is the menu's CSS.
        var ours = MudClasses(menu.Find("hr"));
        Assert.True(ours.IsSubsetOf(MudClasses(mud)), Drift("UserMenu separator (a subset of MudDivider's)", mud, ours));
        Assert.Contains("mud-divider", ours);
    }

    [Fact]
    public void NavMenu_IsMudNavMenusMarkup()
    {
        var ours = Render<NavMenu>();
        var mud = Render<MudNavMenu>(p => p.Add(m => m.Color, Color.Primary).Add(m => m.Bordered, true).Add(m => m.Margin, Margin.None)
            .AddChildContent<MudNavLink>(link => link.Add(l => l.Href, "partnerships").Add(l => l.Icon, Icons.Material.Filled.Workspaces).AddChildContent("My partnerships"))
            .AddChildContent<MudDivider>(divider => divider.Add(d => d.Class, "my-2")));

        AssertSameMudClasses("NavMenu (MudNavMenu, MudNavLink, MudDivider)", mud.Find(".mud-navmenu"), ours.Find(".mud-navmenu"),
            ".mud-nav-item", ".mud-nav-link", ".mud-nav-link svg", ".mud-nav-link-text", "hr");
    }

    [Theory]
    [InlineData(Sector.Public)]
    [InlineData(Sector.CivilSociety)]
    public void SectorChip_IsMudChipsMarkup(Sector sector)
    {
        var ours = Render(SectorChip.Of(sector));
        var mud = Render<MudChip<string>>(p => p.Add(c => c.Variant, Variant.Outlined).Add(c => c.Size, Size.Small).Add(c => c.Color, Color.Default)
            .Add(c => c.Icon, SectorChip.IconOf(sector)).AddChildContent(sector.ToString()));

        AssertSameMudClasses($"SectorChip {sector} (MudChip, outlined)", mud.Find(".mud-chip"), ours.Find(".mud-chip"), ".mud-chip-content", "svg");
        Assert.Equal(mud.FindAll(".mud-chip-container").Count, ours.FindAll(".mud-chip-container").Count);
    }

    [Theory]
    [InlineData(GoalStatus.OnTrack)]
    [InlineData(GoalStatus.OffTrack)]
    [InlineData(GoalStatus.NotStarted)]
    public void GoalStatusChip_IsMudChipsMarkup(GoalStatus status)
    {
        var ours = Render(GoalStatusChip.Of(status));
        var mud = Render<MudChip<string>>(p => p.Add(c => c.Variant, Variant.Text).Add(c => c.Size, Size.Small).Add(c => c.Color, GoalStatusChip.ColorOf(status))
            .Add(c => c.Icon, GoalStatusChip.IconOf(status)).AddChildContent(status.ToString()));

        AssertSameMudClasses($"GoalStatusChip {status} (MudChip, text)", mud.Find(".mud-chip"), ours.Find(".mud-chip"), ".mud-chip-content", "svg");
    }

    [Theory]
    [InlineData(0.4, Color.Primary)]
    [InlineData(1.0, Color.Success)]
    public void ProgressMeter_IsMudProgressLinearsMarkup(double progress, Color color)
    {
        var ours = Render(ProgressMeter.Of(progress));
        var mud = Render<MudProgressLinear>(p => p.Add(b => b.Value, progress * 100).Add(b => b.Rounded, true).Add(b => b.Size, Size.Medium).Add(b => b.Color, color));

        AssertSameMudClasses($"ProgressMeter at {progress:P0} (MudProgressLinear)", mud.Find(".mud-progress-linear"), ours.Find(".mud-progress-linear"),
            ".mud-progress-linear-bars", ".mud-progress-linear-bar");
    }

    [Fact]
    public void IdeaCard_MenuBeforeItIsOpened_IsMudMenusMarkup()
    {
        Render<MudPopoverProvider>();
        var idea = new IdeaView(Guid.NewGuid(), Guid.NewGuid(), "Pool the stock lists", "", new PersonRef(_ana, "Ana Costa", null, null), TestClock.Start.UtcDateTime, null, null);
        var card = Render<IdeaCard>(p => p
            .Add(c => c.Model, new IdeaCardModel(idea, new IdeaCardSettings(false, false, false, false, false, FacilitatorMenu: true, false), 0, 0, false))
            .Add(c => c.Actions, new IdeaCardActions(_partnership, EventCallback<IdeaCommand>.Empty)));
        var mud = Render<MudMenu>(p => p.Add(m => m.Icon, Icons.Material.Filled.MoreVert).Add(m => m.Size, Size.Small).Add(m => m.AriaLabel, "Actions"));

        AssertSameMudClasses("IdeaCard menu placeholder (MudMenu)", mud.Find(".mud-menu"), card.Find(".idea-more .mud-menu"), "button", ".mud-icon-button-label");
    }

    private IRenderedComponent<ContributionsSection> RenderContributions() =>
        Render<ContributionsSection>(p => p.Add(x => x.Model, new ContributionsModel(_partnership, _goal, _ana, CanEdit: true,
            new[] { new ContributionView(Guid.NewGuid(), Guid.NewGuid(), "Youth Justice Unit", Sector.Public, "Two caseworkers", 1) }.ToValueList(),
            ValueList<OrganisationOption>.Empty)));

    private IElement IconButton(string icon, Size size, Color color, string label) =>
        Render<MudIconButton>(p => p.Add(b => b.Icon, icon).Add(b => b.Size, size).Add(b => b.Color, color).AddUnmatched("aria-label", label)).Find("button");

    /// <summary>The element and, for each selector, the first match inside it: the same mud-* classes on both sides.</summary>
    private static void AssertSameMudClasses(string piece, IElement mud, IElement ours, params string[] inside)
    {
        Assert.True(MudClasses(mud).SetEquals(MudClasses(ours)), Drift(piece, mud, MudClasses(ours)));
        foreach (var selector in inside)
        {
            var mudPart = mud.QuerySelector(selector);
            var ourPart = ours.QuerySelector(selector);
            Assert.True(mudPart is not null, $"{piece}: MudBlazor no longer renders '{selector}'. Its markup: {mud.OuterHtml}");
            Assert.True(ourPart is not null, $"{piece}: our copy has no '{selector}'. Its markup: {ours.OuterHtml}");
            Assert.True(MudClasses(mudPart!).SetEquals(MudClasses(ourPart!)), Drift($"{piece}, '{selector}'", mudPart!, MudClasses(ourPart!)));
        }
    }

    private static SortedSet<string> MudClasses(IElement element) =>
        new(element.ClassList.Where(c => c.StartsWith("mud-", StringComparison.Ordinal) || c.StartsWith("hover:mud-", StringComparison.Ordinal)), StringComparer.Ordinal);

    private static string Drift(string piece, IElement mud, SortedSet<string> ours) =>
        $"{piece} has drifted from MudBlazor's markup: MudBlazor renders [{string.Join(' ', MudClasses(mud))}], our copy [{string.Join(' ', ours)}]. "
        + $"Update the copy (docs/performance.md, \"Copied MudBlazor markup\"). MudBlazor's element: {mud.OuterHtml}";
}
