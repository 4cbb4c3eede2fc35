using DocumentFormat.OpenXml.Packaging;
using Workspace.Web.Features.Agreement;

namespace Workspace.Tests.Features.Agreement;

public sealed class AgreementWordTests
{
    [Fact]
    public void Write_MakesAWordDocumentWithEverySectionAndSignature()
    {
        // Arrange
        var document = new AgreementDocument("Safer Streets", 3, new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc), "Ana Costa", "How a partner leaves",
            [(AgreementSectionKind.Vision, "Fewer young people **reoffend**."), (AgreementSectionKind.Principles, "- Equity\n- Trust")],
            [new DocumentSignature("Probation Service", "Ben Carter", "Senior probation officer", new DateTime(2026, 9, 3, 0, 0, 0, DateTimeKind.Utc), false),
             new DocumentSignature("Probation Service", "Ben Carter", "Senior probation officer", new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), true)],
            IsCurrent: true);

        // Act
        var bytes = AgreementWord.Write(document);

        // Assert
        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var text = string.Join("\n", word.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
        Assert.Contains("Safer Streets: partnering agreement", text, StringComparison.Ordinal);
        Assert.Contains("Version 3, issued by Ana Costa on 1 September 2026", text, StringComparison.Ordinal);
        Assert.Contains("Vision and shared goals\nFewer young people reoffend.", text, StringComparison.Ordinal);
        Assert.Contains("• Equity\n• Trust", text, StringComparison.Ordinal);
        Assert.Contains("Probation Service: Ben Carter, Senior probation officer, signed on 3 September 2026", text, StringComparison.Ordinal);
        Assert.Contains("Probation Service: Ben Carter, Senior probation officer, re-confirmed on 3 November 2026", text, StringComparison.Ordinal);
    }
}
