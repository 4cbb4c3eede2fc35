using System.Buffers.Binary;
using System.Text;

namespace Workspace.LoadGen;

/// <summary>
/// Reads the reference frames of a blazorpack render batch (RenderBatchWriter's layout: 20-byte frames, a string
/// table, five section offsets at the end) just far enough to find the click handler of a button by its text.
/// </summary>
public static class RenderBatchFrames
{
    private const int FrameSize = 20;
    private const int ElementFrame = 1;
    private const int TextFrame = 2;
    private const int AttributeFrame = 3;
    private const int MarkupFrame = 8;

    /// <summary>The onclick handler id of the last button opened before a text or markup frame equal to <paramref name="label"/>; 0 when none.</summary>
    public static ulong FindClickHandler(ReadOnlySpan<byte> batch, string label)
    {
        if (batch.Length < 20)
        {
            return 0;
        }

        var framesAt = BinaryPrimitives.ReadInt32LittleEndian(batch[^16..]);
        var stringsAt = BinaryPrimitives.ReadInt32LittleEndian(batch[^4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(batch[framesAt..]);
        ulong buttonHandler = 0;
        for (var i = 0; i < count; i++)
        {
            var frame = batch.Slice(framesAt + 4 + (i * FrameSize), FrameSize);
            switch (BinaryPrimitives.ReadInt32LittleEndian(frame))
            {
                case ElementFrame:
                    if (ReadString(batch, stringsAt, BinaryPrimitives.ReadInt32LittleEndian(frame[8..])) == "button")
                    {
                        buttonHandler = 0;
                    }

                    break;
                case AttributeFrame:
                    var handler = BinaryPrimitives.ReadUInt64LittleEndian(frame[12..]);
                    if (handler != 0 && ReadString(batch, stringsAt, BinaryPrimitives.ReadInt32LittleEndian(frame[4..])) == "onclick")
                    {
                        buttonHandler = handler;
                    }

                    break;
                case TextFrame or MarkupFrame:
                    if (buttonHandler != 0 && ReadString(batch, stringsAt, BinaryPrimitives.ReadInt32LittleEndian(frame[4..]))?.Trim() == label)
                    {
                        return buttonHandler;
                    }

                    break;
            }
        }

        return 0;
    }

    // A string is a 7-bit encoded length and its UTF-8 bytes; the table holds each one's offset; -1 is null.
    private static string? ReadString(ReadOnlySpan<byte> batch, int tableAt, int index)
    {
        if (index < 0)
        {
            return null;
        }

        var at = BinaryPrimitives.ReadInt32LittleEndian(batch[(tableAt + (4 * index))..]);
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = batch[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return Encoding.UTF8.GetString(batch.Slice(at, length));
    }
}
