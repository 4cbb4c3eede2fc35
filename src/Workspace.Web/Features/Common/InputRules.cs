using System.ComponentModel.DataAnnotations;

namespace Workspace.Web.Features.Common;

/// <summary>Collects field errors with messages that state the limits.</summary>
public sealed class InputRules
{
    private readonly Dictionary<string, string> _errors = [];

    public bool IsValid => _errors.Count == 0;

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

    public InputRules MaxLength(string field, string label, string? value, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            Add(field, $"{label} must be {maxLength} characters or fewer (it has {value.Trim().Length}).");
        }

        return this;
    }

    public InputRules Email(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
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

    public static string NormaliseEmail(string value) => value.Trim().ToLowerInvariant();
}
