using MudBlazor;

namespace Workspace.Web.Components.Layout;

public enum ThemePreference
{
    Light,
    Dark,
}

/// <summary>The light/dark choice is kept in a cookie so the first, server-rendered paint is already right.</summary>
public static class ThemePreferences
{
    public const string CookieName = "workspace.theme";

    /// <summary>The class that switches an element and everything inside it to the dark palette.</summary>
    public const string DarkClass = "theme-dark";

    public static ThemePreference FromCookie(string? value) =>
        string.Equals(value, "dark", StringComparison.OrdinalIgnoreCase) ? ThemePreference.Dark : ThemePreference.Light;

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4f91",
            Secondary = "#0b6e4f",
            Tertiary = "#7a3e9d",
            AppbarBackground = "#14375f",
            AppbarText = "#ffffff",
            Background = "#f5f7fa",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2933",
            TextPrimary = "#1f2933",
            TextSecondary = "#4a5563",
            Success = "#1b7a3a",
            Warning = "#8a5a00",
            Error = "#b42318",
            Info = "#1d4f91",
            LinesDefault = "#d4dae3",
            ActionDefault = "#3d4754",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            PrimaryContrastText = "#0d131d",
            Secondary = "#6fd3a8",
            Tertiary = "#d3a6f0",
            AppbarBackground = "#101826",
            AppbarText = "#e8edf4",
            Background = "#0d131d",
            Surface = "#161f2c",
            DrawerBackground = "#121a26",
            DrawerText = "#e8edf4",
            TextPrimary = "#e8edf4",
            TextSecondary = "#b6c0cd",
            Success = "#6fd39b",
            Warning = "#f2c46d",
            Error = "#ff9b8f",
            Info = "#8ab4f8",
            LinesDefault = "#2c3a4d",
            ActionDefault = "#c5cfdb",
            // The dark palette's colours are light, so text on filled buttons and chips must be dark (white on #8ab4f8 is 2.1:1).
            SecondaryContrastText = "#0d131d",
            TertiaryContrastText = "#0d131d",
            SuccessContrastText = "#0d131d",
            WarningContrastText = "#0d131d",
            ErrorContrastText = "#0d131d",
            InfoContrastText = "#0d131d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Atkinson Hyperlegible Next", "Segoe UI", "system-ui", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
