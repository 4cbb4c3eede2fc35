using System.Text;
using System.Text.Json;

namespace Workspace.Web.Features.CoTyping;

/// <summary>What one part of a <see cref="TextOperation"/> does at the cursor it walks through the text.</summary>
public enum TextOpKind
{
    Retain,
    Insert,
    Delete,
}

/// <summary>One part of an operation: keep <see cref="Count"/> code units, insert <see cref="Text"/>, or delete <see cref="Count"/> code units.</summary>
public readonly record struct TextOpPart(TextOpKind Kind, int Count, string Text)
{
    public static TextOpPart Retain(int count) => new(TextOpKind.Retain, count, "");

    public static TextOpPart Insert(string text) => new(TextOpKind.Insert, text.Length, text);

    public static TextOpPart Delete(int count) => new(TextOpKind.Delete, count, "");
}

/// <summary>
/// A change to a plain text as ot.js describes it: a walk over the whole text that retains, inserts and deletes,
/// counted in UTF-16 code units (the indices JavaScript strings use), so the browser and the server agree on
/// every position. Parts are kept normalised (no empty parts, neighbours of one kind merged, an insert before
/// an adjacent delete), so two equal changes are equal lists.
/// </summary>
public sealed partial class TextOperation : IEquatable<TextOperation>
{
    /// <summary>Upper bound on a received operation's parts; a keystroke, a paste or a cut needs at most a handful.</summary>
    public const int MaxParts = 1000;

    /// <summary>Upper bound on a co-typed text's length, in code units.</summary>
    public const int MaxTextLength = 200_000;

    private readonly List<TextOpPart> _parts = [];

    public IReadOnlyList<TextOpPart> Parts => _parts;

    /// <summary>Length of the text the operation applies to.</summary>
    public int BaseLength { get; private set; }

    /// <summary>Length of the text it produces.</summary>
    public int TargetLength { get; private set; }

    public bool IsNoop => _parts.All(p => p.Kind == TextOpKind.Retain);

    public TextOperation Retain(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return this;
        }

        BaseLength += count;
        TargetLength += count;
        if (_parts.Count > 0 && _parts[^1].Kind == TextOpKind.Retain)
        {
            _parts[^1] = TextOpPart.Retain(_parts[^1].Count + count);
        }
        else
        {
            _parts.Add(TextOpPart.Retain(count));
        }

        return this;
    }

    public TextOperation Insert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return this;
        }

        TargetLength += text.Length;
        if (_parts.Count > 0 && _parts[^1].Kind == TextOpKind.Insert)
        {
            _parts[^1] = TextOpPart.Insert(_parts[^1].Text + text);
        }
        else if (_parts.Count > 0 && _parts[^1].Kind == TextOpKind.Delete)
        {
            // An insert next to a delete goes first, so equal changes have one form.
            if (_parts.Count > 1 && _parts[^2].Kind == TextOpKind.Insert)
            {
                _parts[^2] = TextOpPart.Insert(_parts[^2].Text + text);
            }
            else
            {
                _parts.Insert(_parts.Count - 1, TextOpPart.Insert(text));
            }
        }
        else
        {
            _parts.Add(TextOpPart.Insert(text));
        }

        return this;
    }

    public TextOperation Delete(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return this;
        }

        BaseLength += count;
        if (_parts.Count > 0 && _parts[^1].Kind == TextOpKind.Delete)
        {
            _parts[^1] = TextOpPart.Delete(_parts[^1].Count + count);
        }
        else
        {
            _parts.Add(TextOpPart.Delete(count));
        }

        return this;
    }

    /// <summary>The text after this operation; the caller has checked it with <see cref="Check"/> (a mismatch throws).</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != BaseLength)
        {
            throw new InvalidOperationException($"The operation is for a text of {BaseLength} characters, the text has {text.Length}.");
        }

        var result = new StringBuilder(TargetLength);
        var index = 0;
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case TextOpKind.Retain:
                    result.Append(text, index, part.Count);
                    index += part.Count;
                    break;
                case TextOpKind.Insert:
                    result.Append(part.Text);
                    break;
                default:
                    index += part.Count;
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// Null when the operation fits <paramref name="text"/>: its length matches, no part starts or ends inside a
    /// surrogate pair, and the result stays within <see cref="MaxTextLength"/>; otherwise why not.
    /// </summary>
    public string? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != BaseLength)
        {
            return $"The change is for a text of {BaseLength} characters, but the text has {text.Length}.";
        }

        if (TargetLength > MaxTextLength)
        {
            return $"The text would be longer than {MaxTextLength} characters.";
        }

        var index = 0;
        foreach (var part in _parts)
        {
            if (SplitsPair(text, index))
            {
                return $"The change cuts a character in two at position {index}.";
            }

            if (part.Kind != TextOpKind.Insert)
            {
                index += part.Count;
            }
        }

        return null;
    }

    /// <summary>Inverse of the operation on <paramref name="text"/> (its base): applying it after this one restores the text.</summary>
    public TextOperation Invert(string text)
    {
        var inverse = new TextOperation();
        var index = 0;
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case TextOpKind.Retain:
                    inverse.Retain(part.Count);
                    index += part.Count;
                    break;
                case TextOpKind.Insert:
                    inverse.Delete(part.Count);
                    break;
                default:
                    inverse.Insert(text.Substring(index, part.Count));
                    index += part.Count;
                    break;
            }
        }

        return inverse;
    }

    /// <summary>One operation with the effect of <paramref name="first"/> then <paramref name="second"/>.</summary>
    public static TextOperation Compose(TextOperation first, TextOperation second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.TargetLength != second.BaseLength)
        {
            throw new InvalidOperationException("The second operation must start from the text the first one produces.");
        }

        var result = new TextOperation();
        var a = new Cursor(first._parts);
        var b = new Cursor(second._parts);
        while (!a.Done || !b.Done)
        {
            if (a.Kind == TextOpKind.Delete)
            {
                result.Delete(a.Remaining);
                a.Next();
                continue;
            }

            if (b.Kind == TextOpKind.Insert)
            {
                result.Insert(b.TakeText(b.Remaining));
                continue;
            }

            if (a.Done || b.Done)
            {
                throw new InvalidOperationException("The operations do not line up.");
            }

            var n = Math.Min(a.Remaining, b.Remaining);
            switch (a.Kind, b.Kind)
            {
                case (TextOpKind.Retain, TextOpKind.Retain):
                    result.Retain(n);
                    break;
                case (TextOpKind.Retain, TextOpKind.Delete):
                    result.Delete(n);
                    break;
                case (TextOpKind.Insert, TextOpKind.Retain):
                    result.Insert(a.PeekText(n));
                    break;
                default:
                    // Inserted by the first and deleted by the second: nothing is left of it.
                    break;
            }

            a.Advance(n);
            b.Advance(n);
        }

        return result;
    }

    /// <summary>
    /// For two operations on the same text, (a', b') with apply(apply(s, a), b') == apply(apply(s, b), a').
    /// Where both insert at one position, <paramref name="a"/>'s insert comes first. The server passes the
    /// operation it receives as <paramref name="a"/> and the client passes its own pending one as
    /// <paramref name="a"/>, so both put the same insert first.
    /// </summary>
    public static (TextOperation APrime, TextOperation BPrime) Transform(TextOperation a, TextOperation b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.BaseLength != b.BaseLength)
        {
            throw new InvalidOperationException("Both operations must start from the same text.");
        }

        var aPrime = new TextOperation();
        var bPrime = new TextOperation();
        var x = new Cursor(a._parts);
        var y = new Cursor(b._parts);
        while (!x.Done || !y.Done)
        {
            if (x.Kind == TextOpKind.Insert)
            {
                var text = x.TakeText(x.Remaining);
                aPrime.Insert(text);
                bPrime.Retain(text.Length);
                continue;
            }

            if (y.Kind == TextOpKind.Insert)
            {
                var text = y.TakeText(y.Remaining);
                aPrime.Retain(text.Length);
                bPrime.Insert(text);
                continue;
            }

            if (x.Done || y.Done)
            {
                throw new InvalidOperationException("The operations do not line up.");
            }

            var n = Math.Min(x.Remaining, y.Remaining);
            switch (x.Kind, y.Kind)
            {
                case (TextOpKind.Retain, TextOpKind.Retain):
                    aPrime.Retain(n);
                    bPrime.Retain(n);
                    break;
                case (TextOpKind.Delete, TextOpKind.Retain):
                    aPrime.Delete(n);
                    break;
                case (TextOpKind.Retain, TextOpKind.Delete):
                    bPrime.Delete(n);
                    break;
                default:
                    // Both deleted the same characters: neither needs to delete them again.
                    break;
            }

            x.Advance(n);
            y.Advance(n);
        }

        return (aPrime, bPrime);
    }

    /// <summary>
    /// <paramref name="received"/>, made on an older revision, moved over every operation applied since
    /// (<paramref name="applied"/>, oldest first), so it applies to the current text.
    /// </summary>
    public static TextOperation TransformAgainst(TextOperation received, IEnumerable<TextOperation> applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var operation = received;
        foreach (var earlier in applied)
        {
            operation = Transform(operation, earlier).APrime;
        }

        return operation;
    }

    /// <summary>
    /// Where a caret at <paramref name="index"/> belongs after this operation: it keeps its place beside the same
    /// characters. An insert exactly at the caret stays after it, so another person's typing never pushes
    /// the local caret along; a delete around it pulls it to the delete's start.
    /// </summary>
    public int TransformIndex(int index) => TransformIndex(index, pushedByInsert: false);

    /// <summary>
    /// As <see cref="TransformIndex(int)"/>; with <paramref name="pushedByInsert"/> (the caret of the operation's own
    /// author) an insert exactly at the caret moves it along, as typing does.
    /// </summary>
    public int TransformIndex(int index, bool pushedByInsert)
    {
        var position = 0;
        var moved = index;
        foreach (var part in _parts)
        {
            if (position > index || (position == index && !pushedByInsert))
            {
                break;
            }

            switch (part.Kind)
            {
                case TextOpKind.Retain:
                    position += part.Count;
                    break;
                case TextOpKind.Insert:
                    moved += part.Count;
                    break;
                default:
                    moved -= Math.Min(part.Count, index - position);
                    position += part.Count;
                    break;
            }
        }

        return moved;
    }

    private static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

    public bool Equals(TextOperation? other) => other is not null && _parts.SequenceEqual(other._parts);

    public override bool Equals(object? obj) => Equals(obj as TextOperation);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _parts)
        {
            hash.Add(part);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => ToJson();

    /// <summary>Walks a part list, allowing a part to be consumed a piece at a time.</summary>
    private sealed class Cursor(List<TextOpPart> parts)
    {
        private int _index;
        private int _offset;

        public bool Done => _index >= parts.Count;

        public TextOpKind? Kind => Done ? null : parts[_index].Kind;

        public int Remaining => Done ? 0 : parts[_index].Count - _offset;

        public string PeekText(int count) => parts[_index].Text.Substring(_offset, count);

        public string TakeText(int count)
        {
            var text = PeekText(count);
            Advance(count);
            return text;
        }

        public void Advance(int count)
        {
            _offset += count;
            if (_offset >= parts[_index].Count)
            {
                _index++;
                _offset = 0;
            }
        }

        public void Next()
        {
            _index++;
            _offset = 0;
        }
    }
}
