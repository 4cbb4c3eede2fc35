using System.Text;

namespace Workspace.Web.Features.Common;

/// <summary>
/// Unicode's explicit direction controls. An embedding, override or isolate left open in a title runs on
/// into whatever the page shows after the title ("Plan\u202Egnp.exe by Ana" reads "Plan anA yb exe.png"),
/// so stored text closes each one it opens. What was typed is kept; only the closers are added.
/// </summary>
public static class BidiControls
{
    private const char PopDirectionalFormatting = '\u202C';
    private const char PopDirectionalIsolate = '\u2069';

    /// <summary><paramref name="text"/> with a closer appended for every embedding, override and isolate still open at its end.</summary>
    public static string Closed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAnyInRange('\u202A', '\u202E') && !text.AsSpan().ContainsAnyInRange('\u2066', '\u2068'))
        {
            return text;
        }

        // Unicode's rules (UAX #9, X1–X8): PDF closes the latest embedding unless an isolate opened after it;
        // PDI closes the latest isolate and every embedding opened inside it.
        var open = new Stack<char>();
        foreach (var c in text)
        {
            if (c is >= '\u202A' and <= '\u202E' and not PopDirectionalFormatting)
            {
                open.Push(PopDirectionalFormatting);
            }
            else if (c is >= '\u2066' and <= '\u2068')
            {
                open.Push(PopDirectionalIsolate);
            }
            else if (c == PopDirectionalFormatting && open.TryPeek(out var top) && top == PopDirectionalFormatting)
            {
                open.Pop();
            }
            else if (c == PopDirectionalIsolate && open.Contains(PopDirectionalIsolate))
            {
                char popped;
                do
                {
                    popped = open.Pop();
                }
                while (popped != PopDirectionalIsolate);
            }
        }

        if (open.Count == 0)
        {
            return text;
        }

        var closed = new StringBuilder(text, text.Length + open.Count);
        while (open.TryPop(out var closer))
        {
            closed.Append(closer);
        }

        return closed.ToString();
    }
}
