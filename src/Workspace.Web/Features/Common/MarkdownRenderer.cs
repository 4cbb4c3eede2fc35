using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;

namespace Workspace.Web.Features.Common;

/// <summary>
/// Markdown to HTML that is safe to show: Markdig renders, HtmlSanitizer removes anything active.
/// Results are kept per text: every viewer of a goal or an entry renders the same text on every render
/// (each live update re-renders the page), and sanitising parses the HTML — milliseconds each time.
/// </summary>
public sealed class MarkdownRenderer
{
    private const int CacheLimit = 256;
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        if (_cache.TryGetValue(markdown, out var cached))
        {
            return cached;
        }

        var html = _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        if (_cache.Count >= CacheLimit)
        {
            // Simple and bounded: start again rather than track which texts are still shown.
            _cache.Clear();
        }

        _cache.TryAdd(markdown, html);
        return html;
    }

    /// <summary>The words of a Markdown text without its markup, for excerpts and search results.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("img");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
