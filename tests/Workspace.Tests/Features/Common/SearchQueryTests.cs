using Workspace.Web.Features.Common;

namespace Workspace.Tests.Features.Common;

public sealed class SearchQueryTests
{
    [Fact]
    public void Parse_SplitsWordsAndKeepsQuotedPhrasesTogether()
    {
        var query = SearchQuery.Parse("  bus   \"late evening\" Route  bus ");

        Assert.Equal(["bus", "late evening", "Route"], query.Terms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void Parse_OfNothing_IsEmpty(string? text) => Assert.True(SearchQuery.Parse(text).IsEmpty);

    [Fact]
    public void Parse_KeepsAtMostEightTermsAndTwoHundredCharacters()
    {
        Assert.Equal(SearchQuery.MaxTerms, SearchQuery.Parse(string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}"))).Terms.Count);
        Assert.Equal(SearchQuery.MaxLength, SearchQuery.Parse(new string('a', 5_000)).Terms.Single().Length);
    }

    [Theory]
    [InlineData("50%", "%50\\%%")]
    [InlineData("a_b", "%a\\_b%")]
    [InlineData("[x]", "%\\[x]%")]
    [InlineData("c:\\temp", "%c:\\\\temp%")]
    public void LikePattern_EscapesWildcards(string term, string expected) => Assert.Equal(expected, SearchQuery.LikePattern(term));

    [Fact]
    public void Excerpt_MarksEveryMatchAroundTheFirst()
    {
        var query = SearchQuery.Parse("signal route");

        var parts = query.Excerpt("No SIGNAL on\nthe route after 11pm, says the route operator.");

        Assert.Equal(
            [("No ", false), ("SIGNAL", true), (" on the ", false), ("route", true), (" after 11pm, says the ", false), ("route", true), (" operator.", false)],
            parts);
    }

    [Fact]
    public void Excerpt_OfALongTextIsShortenedWithEllipses()
    {
        var text = new string('x', 500) + " budget " + new string('y', 500);

        var parts = SearchQuery.Parse("budget").Excerpt(text, width: 60);

        Assert.Equal("…", parts[0].Text);
        Assert.Equal("…", parts[^1].Text);
        Assert.Contains(("budget", true), parts);
        Assert.True(parts.Sum(p => p.Text.Length) <= 62);
    }

    [Fact]
    public void Excerpt_WithoutAMatch_IsEmpty() => Assert.Empty(SearchQuery.Parse("budget").Excerpt("Nothing here."));
}
