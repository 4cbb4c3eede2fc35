using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Workspace.Web.Features.Common;

namespace Workspace.Tests.Features.Common;

/// <summary>Goal descriptions are Markdown written by any contributor and shown to every member: nothing in them may run.</summary>
public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Before <script>alert(1)</script> after")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x]: javascript:alert(1)\n\n[link][x]")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("![x](https://example.org/x.png)")]
    [InlineData("<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>")]
    public void ActiveContent_RendersInert(string markdown)
    {
        var document = Parse(_renderer.ToSafeHtml(markdown));

        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, style"));
        Assert.DoesNotContain(document.QuerySelectorAll("*").SelectMany(e => e.Attributes),
            a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                || a.Name is "style" or "srcdoc"
                || a.Value.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void RawHtml_IsShownAsText()
    {
        var document = Parse(_renderer.ToSafeHtml("<script>alert(1)</script>"));

        Assert.Equal("<script>alert(1)</script>", document.Body!.TextContent.Trim());
    }

    [Fact]
    public void NormalLink_OpensSafelyInANewTab()
    {
        var link = Assert.Single(Parse(_renderer.ToSafeHtml("See [the survey](https://example.org/survey).")).QuerySelectorAll("a"));

        Assert.Equal(("https://example.org/survey", "noopener noreferrer nofollow", "_blank", "the survey"),
            (link.GetAttribute("href"), link.GetAttribute("rel"), link.GetAttribute("target"), link.TextContent));
    }

    [Fact]
    public void LinkWithItsOwnRel_GetsTheSafeRelInstead()
    {
        var link = Assert.Single(Parse(_renderer.ToSafeHtml("<https://example.org>")).QuerySelectorAll("a"));

        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
    }

    [Fact]
    public void Formatting_IsKept()
    {
        var document = Parse(_renderer.ToSafeHtml("## Why\n\n**Fish** are *back*.\n\n- one\n- two"));

        Assert.Equal(("Why", "Fish", "back", 2),
            (document.QuerySelector("h2")!.TextContent, document.QuerySelector("strong")!.TextContent, document.QuerySelector("em")!.TextContent,
             document.QuerySelectorAll("li").Length));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NothingWritten_RendersNothing(string? markdown)
    {
        Assert.Equal("", _renderer.ToSafeHtml(markdown));
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
