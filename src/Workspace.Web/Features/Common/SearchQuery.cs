using System.Text;
using System.Text.RegularExpressions;

namespace Workspace.Web.Features.Common;

/// <summary>
/// What a person typed into a search box, as terms: words match anywhere, in any order and any case;
/// "quoted words" match as a phrase. Every term must match somewhere for an item to be found.
/// </summary>
public sealed partial class SearchQuery
{
    public const int MaxTerms = 8;
    public const int MaxLength = 200;

    private SearchQuery(IReadOnlyList<string> terms) => Terms = terms;

    public IReadOnlyList<string> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    public static SearchQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SearchQuery([]);
        }

        var input = text.Length > MaxLength ? text[..MaxLength] : text;
        var terms = new List<string>();
        foreach (Match match in TermPattern().Matches(input))
        {
            var term = (match.Groups["phrase"].Success ? match.Groups["phrase"].Value : match.Groups["word"].Value).Trim();
            if (term.Length > 0 && !terms.Contains(term, StringComparer.OrdinalIgnoreCase))
            {
                terms.Add(term);
            }
        }

        return new SearchQuery([.. terms.Take(MaxTerms)]);
    }

    /// <summary>A SQL LIKE pattern that finds the term anywhere, with LIKE's wildcards escaped by '\'.</summary>
    public static string LikePattern(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var escaped = new StringBuilder(term.Length + 2).Append('%');
        foreach (var c in term)
        {
            if (c is '\\' or '%' or '_' or '[')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Append('%').ToString();
    }

    /// <summary>
    /// A short excerpt of <paramref name="text"/> around the first match, split into plain and matching
    /// parts so a page can mark the matches. Empty when no term occurs in the text.
    /// </summary>
    public IReadOnlyList<(string Text, bool IsMatch)> Excerpt(string? text, int width = 160)
    {
        if (IsEmpty || string.IsNullOrEmpty(text))
        {
            return [];
        }

        var flat = Whitespace().Replace(text, " ").Trim();
        var first = Terms.Select(t => flat.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (first < 0)
        {
            return [];
        }

        var start = Math.Max(0, first - (width / 3));
        var end = Math.Min(flat.Length, start + width);
        var window = flat[start..end];
        var parts = new List<(string, bool)>();
        if (start > 0)
        {
            parts.Add(("…", false));
        }

        var position = 0;
        while (position < window.Length)
        {
            var (index, length) = NextMatch(window, position);
            if (index < 0)
            {
                parts.Add((window[position..], false));
                break;
            }

            if (index > position)
            {
                parts.Add((window[position..index], false));
            }

            parts.Add((window.Substring(index, length), true));
            position = index + length;
        }

        if (end < flat.Length)
        {
            parts.Add(("…", false));
        }

        return parts;
    }

    private (int Index, int Length) NextMatch(string text, int from)
    {
        var best = (Index: -1, Length: 0);
        foreach (var term in Terms)
        {
            var index = text.IndexOf(term, from, StringComparison.OrdinalIgnoreCase);
            if (index >= 0 && (best.Index < 0 || index < best.Index || (index == best.Index && term.Length > best.Length)))
            {
                best = (index, term.Length);
            }
        }

        return best;
    }

    [GeneratedRegex("\"(?<phrase>[^\"]+)\"|(?<word>[^\\s\"]+)")]
    private static partial Regex TermPattern();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
