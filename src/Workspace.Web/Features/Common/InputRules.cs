using System.ComponentModel.DataAnnotations;

namespace Workspace.Web.Features.Common;

/// <summary>
/// Collects field errors with messages that state the limits. A length limit measures the text in the form
/// it is stored in (<see cref="Stored"/>, <see cref="StoredMarkdown"/>), and services store exactly that
/// form, so what passes the limit is what fits the column.
/// </summary>
public sealed class InputRules
{
    private readonly Dictionary<string, string> _errors = [];

    public bool IsValid => _errors.Count == 0;

    /// <summary>
    /// How a text is stored: without the whitespace around it, and with every direction override it opens
    /// closed at its end, so a right-to-left override cannot reverse the page text shown after it.
    /// </summary>
    public static string Stored(string? value) => BidiControls.Closed(value?.Trim() ?? "");

    /// <summary>
    /// How Markdown is stored: line endings as "\n", no blank lines before the text and no whitespace after it.
    /// The first line of text keeps its indent, which in Markdown makes it code.
    /// </summary>
    public static string StoredMarkdown(string? value)
    {
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();
        var first = 0;
        while (first < text.Length && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        return BidiControls.Closed(first == 0 ? text : text[(text.LastIndexOf('\n', first - 1) + 1)..]);
    }

    public InputRules Required(string field, string label, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{label} is required.");
        }
        else
        {
            MaxLength(field, label, value, maxLength);
        }

        return this;
    }

    /// <summary>Checks the length of <see cref="Stored"/> text.</summary>
    public InputRules MaxLength(string field, string label, string? value, int maxLength) =>
        Length(field, label, Stored(value).Length, maxLength);

    /// <summary>Checks the length of <see cref="StoredMarkdown"/> text.</summary>
    public InputRules MarkdownMaxLength(string field, string label, string? value, int maxLength) =>
        Length(field, label, StoredMarkdown(value).Length, maxLength);

    private InputRules Length(string field, string label, int length, int maxLength)
    {
        if (length > maxLength)
        {
            Add(field, $"{label} must be {maxLength} characters or fewer (it has {length}).");
        }

        return this;
    }

    public InputRules Email(string field, string? value, int maxLength)
    {
        var trimmed = Stored(value);
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(field, "Email address is required.");
        }
        else if (trimmed.Length > maxLength)
        {
            Add(field, $"Email address must be {maxLength} characters or fewer.");
        }
        else if (!IsEmail(trimmed))
        {
            Add(field, "Enter an email address in the correct format, like name@example.org.");
        }

        return this;
    }

    /// <summary>
    /// The first and last years a date may fall in: any plan's dates fit, and a date shown in a time zone
    /// (or moved by days or hours) is still a date, where year 9999 plus an offset overflows.
    /// </summary>
    public const int FirstYear = 2000;

    /// <inheritdoc cref="FirstYear"/>
    public const int LastYear = 2100;

    public static bool InRange(DateOnly date) => date.Year is >= FirstYear and <= LastYear;

    public static bool InRange(DateTime date) => date.Year is >= FirstYear and <= LastYear;

    /// <summary>Refuses a date outside <see cref="FirstYear"/>..<see cref="LastYear"/>; <paramref name="what"/> is e.g. "a due date".</summary>
    public InputRules Date(string field, string what, DateOnly? value) =>
        Check(value is not { } date || InRange(date), field, $"Enter {what} between the years {FirstYear} and {LastYear}.");

    /// <inheritdoc cref="Date(string, string, DateOnly?)"/>
    public InputRules Date(string field, string what, DateTime? value) =>
        Check(value is not { } date || InRange(date), field, $"Enter {what} between the years {FirstYear} and {LastYear}.");

    public InputRules Defined<TEnum>(string field, string label, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Add(field, $"Choose a valid {label.ToLowerInvariant()}.");
        }

        return this;
    }

    public InputRules Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    public void Add(string field, string message) => _errors.TryAdd(field, message);

    public ServiceError ToError() => new(
        ErrorKind.Validation,
        _errors.Count == 1 ? _errors.Values.First() : "Some fields need attention.",
        new Dictionary<string, string>(_errors));

    public static bool IsEmail(string value) =>
        new EmailAddressAttribute().IsValid(value) && value.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.') && !value.Any(char.IsWhiteSpace);

    public static string NormaliseEmail(string value) => Stored(value).ToLowerInvariant();
}
