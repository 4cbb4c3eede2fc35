using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.RealTime;

namespace Workspace.Web.Components.Layout;

public sealed partial class MainLayout
{
    private const string NavToggleClasses = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon mud-icon-button-edge-start";

    private DrawerState _drawer = DrawerState.ByWidth;
    private bool _focusDrawer;
    private ElementReference _drawerElement;
    private ElementReference _overlayToggle;
    private bool _dark;
    private Guid? _currentPartnershipId;
    private IReadOnlyList<PartnershipSummary> _partnerships = [];
    private ProfileSummary? _profile;
    private ErrorBoundary? _errorBoundary;
    private string? _userId;
    private int _unread;
    private IDisposable? _subscription;
    private Guid? _subscribedTo;

    [Inject]
    private IPartnershipEvents Events { get; set; } = default!;

    [CascadingParameter(Name = "Theme")]
    private ThemePreference Theme { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private IReadOnlyList<Guid> PartnershipIds => [.. _partnerships.Select(p => p.Id)];

    private PartnershipSummary? CurrentPartnership => _partnerships.FirstOrDefault(p => p.Id == _currentPartnershipId);

    private string ThemeToggleText => _dark ? "Switch to light theme" : "Switch to dark theme";

    private string SkipHref => $"{Navigation.ToBaseRelativePath(Navigation.Uri).Split('#')[0]}#main-content";

    protected override async Task OnInitializedAsync()
    {
        _dark = Theme == ThemePreference.Dark;
        _currentPartnershipId = PartnershipIdFrom(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
        if (AuthenticationState is not null)
        {
            _userId = (await AuthenticationState).User.GetUserId();
        }

        await LoadUserContextAsync();
        FollowCurrentPartnership();
    }

    /// <summary>
    /// Keeps the switcher and navigation true to the partnership being viewed: a rename shows at once,
    /// and a removed member loses it from the list. Applied from the events themselves, without a read.
    /// </summary>
    private void FollowCurrentPartnership()
    {
        if (_subscribedTo == _currentPartnershipId || !RendererInfo.IsInteractive)
        {
            return;
        }

        _subscription?.Dispose();
        _subscription = null;
        _subscribedTo = _currentPartnershipId;
        if (_currentPartnershipId is { } id && _userId is not null)
        {
            // Only two kinds of event change the switcher: the rest (a keystroke, a caret) never reach the renderer.
            _subscription = Events.Subscribe(id, static change => change is PartnershipDetailsChanged or MemberRemoved, change => InvokeAsync(() => Apply(change)));
        }
    }

    private void Apply(PartnershipEvent change)
    {
        switch (change)
        {
            case PartnershipDetailsChanged details:
                _partnerships = [.. _partnerships.Select(p => p.Id == details.PartnershipId ? p with { Name = details.Name, Purpose = details.Purpose, Status = details.Status } : p)];
                break;
            case MemberRemoved removed when removed.UserId == _userId:
                _partnerships = [.. _partnerships.Where(p => p.Id != removed.PartnershipId)];
                break;
            default:
                return;
        }

        StateHasChanged();
    }

    /// <summary>Reloads the switcher and the user menu (after creating, joining or leaving a partnership).</summary>
    public async Task RefreshAsync()
    {
        await LoadUserContextAsync();
        StateHasChanged();
    }

    private async Task LoadUserContextAsync()
    {
        if (_userId is null)
        {
            return;
        }

        _partnerships = await Partnerships.ListMineAsync(_userId);
        _profile = await Profiles.GetSummaryAsync(_userId);
        await LoadUnreadAsync();
    }

    private async Task LoadUnreadAsync()
    {
        _unread = _userId is not null && _currentPartnershipId is { } id && _partnerships.Any(p => p.Id == id)
            ? await ReadState.UnreadCountAsync(_userId, id)
            : 0;
    }

    /// <summary>
    /// What the person chose for the navigation drawer. By default it is docked open on wide screens and
    /// closed on narrow ones, where it opens as an overlay; the style sheet applies the width.
    /// </summary>
    private enum DrawerState
    {
        ByWidth,
        Open,
        Closed,
    }

    /// <summary>Whether the drawer shows on a wide screen, where it is docked beside the page.</summary>
    private bool DockedOpen => _drawer != DrawerState.Closed;

    /// <summary>Whether the drawer shows on a narrow screen, where it covers the page.</summary>
    private bool OverlayOpen => _drawer == DrawerState.Open;

    private string DrawerClasses => _drawer switch
    {
        DrawerState.Open => "app-drawer app-drawer--open",
        DrawerState.Closed => "app-drawer app-drawer--closed",
        _ => "app-drawer",
    };

    private void ToggleDocked() => _drawer = DockedOpen ? DrawerState.Closed : DrawerState.Open;

    private void ToggleOverlay()
    {
        _drawer = OverlayOpen ? DrawerState.ByWidth : DrawerState.Open;
        _focusDrawer = OverlayOpen;
    }

    // Closing the overlay leaves the docked drawer as it was by default on a wide screen.
    private void CloseOverlay() => _drawer = DrawerState.ByWidth;

    private async Task OnDrawerKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Escape" && OverlayOpen)
        {
            CloseOverlay();
            await _overlayToggle.FocusAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusDrawer)
        {
            // The overlay opened: the keyboard moves into it, and Escape brings it back to the toggle.
            _focusDrawer = false;
            await _drawerElement.FocusAsync();
        }
    }

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        await JS.InvokeVoidAsync("workspace.setTheme", _dark ? "dark" : "light");
    }

    private void Recover() => _errorBoundary?.Recover();

    private async void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        var id = PartnershipIdFrom(e.Location);
        var changed = id != _currentPartnershipId;
        _currentPartnershipId = id;
        if (_drawer == DrawerState.Open)
        {
            // A link followed from the overlay closes it (on a wide screen the drawer stays docked).
            _drawer = DrawerState.ByWidth;
        }

        _errorBoundary?.Recover();
        try
        {
            if (changed && id is not null && _partnerships.All(p => p.Id != id))
            {
                // A partnership joined since the layout loaded.
                await LoadUserContextAsync();
            }
            else
            {
                await LoadUnreadAsync();
            }

            FollowCurrentPartnership();
            await InvokeAsync(StateHasChanged);
        }
#pragma warning disable CA1031 // An event handler: route the error to this circuit's error handling.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
    }

    internal static Guid? PartnershipIdFrom(string uri) =>
        PartnershipRoute().Match(uri) is { Success: true } match && Guid.TryParse(match.Groups[1].Value, out var id) ? id : null;

    [GeneratedRegex(@"/p/([0-9a-fA-F-]{36})(?:[/?#]|$)")]
    private static partial Regex PartnershipRoute();

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _subscription?.Dispose();
    }
}
