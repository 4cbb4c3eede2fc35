using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.Agreement;

/// <summary>
/// A version of the agreement as a Word document (.docx, Open XML SDK): title, each section as a heading
/// and its paragraphs as plain text, then the signatures. Markdown is flattened to text, a list item to a
/// paragraph that starts with a bullet, so the document reads the same in any word processor.
/// </summary>
public static class AgreementWord
{
    public static byte[] Write(AgreementDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph($"{document.PartnershipName}: partnering agreement", size: 36, bold: true));
            body.Append(Paragraph(
                $"Version {document.Number}, issued by {document.IssuedBy} on {document.IssuedUtc.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}"
                + (document.IsCurrent ? "" : " (a later version has been issued since)"), size: 22));
            if (document.Note.Length > 0)
            {
                body.Append(Paragraph(document.Note, size: 22, italic: true));
            }

            foreach (var (kind, text) in document.Sections)
            {
                body.Append(Paragraph(kind.ToText(), size: 28, bold: true, spaceBefore: 240));
                foreach (var paragraph in Paragraphs(text))
                {
                    body.Append(Paragraph(paragraph, size: 22));
                }
            }

            body.Append(Paragraph("Signed for the partners", size: 28, bold: true, spaceBefore: 240));
            if (document.Signatures.Count == 0)
            {
                body.Append(Paragraph("No partner has signed this version yet.", size: 22));
            }

            foreach (var signature in document.Signatures)
            {
                var role = signature.SignerRole.Length > 0 ? $", {signature.SignerRole}" : "";
                body.Append(Paragraph(
                    $"{signature.Organisation}: {signature.SignerName}{role}, {(signature.Reconfirmation ? "re-confirmed" : "signed")} on {signature.SignedUtc.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}",
                    size: 22));
            }

            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>The section's Markdown as plain paragraphs: one per block, one per list item.</summary>
    internal static IEnumerable<string> Paragraphs(string markdown)
    {
        foreach (var block in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            if (lines.All(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal) || l.TrimStart().StartsWith("* ", StringComparison.Ordinal)))
            {
                foreach (var line in lines)
                {
                    yield return "• " + MarkdownRenderer.ToPlainText(line.TrimStart()[2..]);
                }
            }
            else
            {
                yield return MarkdownRenderer.ToPlainText(block);
            }
        }
    }

    private static Paragraph Paragraph(string text, int size, bool bold = false, bool italic = false, int spaceBefore = 0)
    {
        var properties = new RunProperties(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        if (bold)
        {
            properties.Append(new Bold());
        }

        if (italic)
        {
            properties.Append(new Italic());
        }

        var paragraph = new Paragraph(new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.PrependChild(new ParagraphProperties(new SpacingBetweenLines { Before = spaceBefore.ToString(CultureInfo.InvariantCulture), After = "120" }));
        return paragraph;
    }
}
