using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Workspace.Web.Components.Common;

/// <summary>
/// A MudBlazor icon (<c>Icons.Material.*</c>, the inner markup of a 24×24 SVG) as plain, decorative
/// <c>&lt;svg&gt;</c> markup with MudBlazor's icon classes, so it looks like a <c>MudIcon</c>. Not a
/// component: a <c>MudIcon</c> is a live component per icon per circuit (two render-tree buffers and
/// its parameter state), and a page with its layout shows dozens of icons that never change.
/// Each icon is one markup frame (the whole <c>&lt;svg&gt;</c> as text, built once per icon and class and
/// shared by every circuit), not an element with four attributes and its content: a circuit keeps every
/// component's render tree at its largest size twice over, and the layout alone shows a dozen icons.
/// The fragments are cached per icon and class, so rendering one allocates nothing.
/// </summary>
public static class Svg
{
    private const string BaseClass = "mud-icon-root mud-svg-icon";
    private static readonly ConcurrentDictionary<(string Icon, string Class), RenderFragment> Cache = new();

    /// <summary>The icon at MudBlazor's medium size (24px), hidden from assistive technology.</summary>
    public static RenderFragment Icon(string icon) => Icon(icon, "mud-icon-size-medium");

    /// <summary>The icon with the classes a <c>MudIcon</c> of that size and colour has.</summary>
    public static RenderFragment Icon(string icon, Size size, Color color = Color.Inherit) => Icon(icon, ClassesOf(size, color));

    /// <summary>A <c>MudIcon</c>'s size and colour classes (its colour is inherited unless given).</summary>
    public static string ClassesOf(Size size, Color color = Color.Inherit)
    {
        var sizeClass = size switch
        {
            Size.Small => "mud-icon-size-small",
            Size.Large => "mud-icon-size-large",
            _ => "mud-icon-size-medium",
        };
        return color switch
        {
            Color.Inherit => sizeClass,
            Color.Default => $"mud-icon-default {sizeClass}",
            _ => $"mud-{color.ToString().ToLowerInvariant()}-text {sizeClass}",
        };
    }

    /// <summary>The icon with its size and colour classes (e.g. <c>mud-icon-default mud-icon-size-small</c>).</summary>
    public static RenderFragment Icon(string icon, string classes)
    {
        ArgumentNullException.ThrowIfNull(icon);
        ArgumentNullException.ThrowIfNull(classes);
        return Cache.GetOrAdd((icon, classes), static key =>
        {
            var markup = $"<svg class=\"{WebUtility.HtmlEncode($"{BaseClass} {key.Class}")}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Icon}</svg>";
            return builder => builder.AddMarkupContent(0, markup);
        });
    }
}
