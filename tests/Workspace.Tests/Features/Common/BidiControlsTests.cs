using Workspace.Web.Features.Common;

namespace Workspace.Tests.Features.Common;

public sealed class BidiControlsTests
{
    public static TheoryData<string, string, string> Texts => new()
    {
        { "plain text", "Food plan", "Food plan" },
        { "right-to-left override", "Plan\u202Egnp.exe", "Plan\u202Egnp.exe\u202C" },
        { "override already closed", "a\u202Eb\u202Cc", "a\u202Eb\u202Cc" },
        { "two embeddings", "\u202Ba\u202Db", "\u202Ba\u202Db\u202C\u202C" },
        { "isolate", "\u2067שלום", "\u2067שלום\u2069" },
        { "isolate closes the embedding inside it", "\u2068a\u202Eb\u2069c", "\u2068a\u202Eb\u2069c" },
        { "PDF cannot close an isolate", "\u2066a\u202C", "\u2066a\u202C\u2069" },
        { "stray closers only", "\u202Cx\u2069", "\u202Cx\u2069" },
        { "Hebrew without controls", "שלום", "שלום" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Closed_AppendsACloserForEveryControlLeftOpen(string name, string text, string expected)
    {
        // Act
        var closed = BidiControls.Closed(text);

        // Assert
        Assert.True(expected == closed, $"{name}: expected {Escape(expected)}, got {Escape(closed)}");
    }

    [Fact]
    public void StoredText_HasItsOverridesClosed_AndItsWhitespaceTrimmed()
    {
        // Act
        var stored = InputRules.Stored("  Budget \u202Etxt.exe  ");

        // Assert
        Assert.Equal("Budget \u202Etxt.exe\u202C", stored);
        Assert.Equal("Notes\n\u202Edone\u202C", InputRules.StoredMarkdown("Notes\r\n\u202Edone\n\n"));
    }

    [Fact]
    public void LengthLimit_CountsTheAddedCloser()
    {
        // Arrange: a title exactly at its limit, with an override that needs closing.
        var title = "\u202E" + new string('a', 199);

        // Act
        var rules = new InputRules().MaxLength("Title", "Title", title, 200);

        // Assert: the stored form is 201 characters, so it does not fit the column.
        Assert.False(rules.IsValid);
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c < 128 && !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:X4}"));
}
