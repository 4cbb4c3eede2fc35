using System.Text;
using System.Text.Json;

namespace Workspace.Web.Features.CoTyping;

/// <summary>The compact JSON form of an operation, written and read strictly (bad input is a reason, never an exception).</summary>
public sealed partial class TextOperation
{
    /// <summary>The compact form used on the wire and in storage: retain n → n, insert s → "s", delete n → -n.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var part in _parts)
            {
                switch (part.Kind)
                {
                    case TextOpKind.Retain:
                        writer.WriteNumberValue(part.Count);
                        break;
                    case TextOpKind.Insert:
                        writer.WriteStringValue(part.Text);
                        break;
                    default:
                        writer.WriteNumberValue(-part.Count);
                        break;
                }
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads the compact form; bad input gives a reason instead of an exception.</summary>
    public static bool TryParse(string? json, out TextOperation operation, out string error)
    {
        operation = new TextOperation();
        error = "";
        if (string.IsNullOrEmpty(json))
        {
            error = "The change is empty.";
            return false;
        }

        if (json.Length > MaxTextLength * 7)
        {
            error = "The change is too large.";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 });
        }
        catch (JsonException)
        {
            error = "The change is not readable.";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "The change must be a list.";
                return false;
            }

            if (document.RootElement.GetArrayLength() > MaxParts)
            {
                error = $"The change has more than {MaxParts} parts.";
                return false;
            }

            long baseLength = 0;
            long targetLength = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.String)
                {
                    string text;
                    try
                    {
                        text = element.GetString()!;
                    }
                    catch (InvalidOperationException)
                    {
                        error = "An insert holds half a character.";
                        return false;
                    }

                    if (text.Length == 0)
                    {
                        error = "An insert is empty.";
                        return false;
                    }

                    if (!IsWellFormed(text))
                    {
                        error = "An insert holds half a character.";
                        return false;
                    }

                    targetLength += text.Length;
                    operation.Insert(text);
                }
                else if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var n) && n != 0 && n != int.MinValue)
                {
                    if (n > 0)
                    {
                        baseLength += n;
                        targetLength += n;
                        operation.Retain(n);
                    }
                    else
                    {
                        baseLength -= n;
                        operation.Delete(-n);
                    }
                }
                else
                {
                    error = "Each part must be a non-zero whole number or a non-empty text.";
                    return false;
                }

                if (baseLength > MaxTextLength || targetLength > MaxTextLength)
                {
                    error = $"The change reaches past {MaxTextLength} characters.";
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when every surrogate in <paramref name="text"/> is half of a pair.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
