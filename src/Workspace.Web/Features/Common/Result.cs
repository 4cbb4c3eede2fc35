namespace Workspace.Web.Features.Common;

public enum ErrorKind
{
    /// <summary>The thing does not exist, or the caller may not know that it does.</summary>
    NotFound,
    /// <summary>The caller is a member but their role does not allow this.</summary>
    Forbidden,
    /// <summary>The input is wrong; <see cref="ServiceError.FieldErrors"/> says where.</summary>
    Validation,
    /// <summary>Someone else changed the same thing first.</summary>
    Conflict,
}

public sealed record ServiceError(ErrorKind Kind, string Message, IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    public static readonly ServiceError NotFound = new(ErrorKind.NotFound, "Not found.");

    public static ServiceError Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static ServiceError Conflict(string message) => new(ErrorKind.Conflict, message);

    public static ServiceError Invalid(string field, string message) =>
        new(ErrorKind.Validation, message, new Dictionary<string, string> { [field] = message });

    public string? For(string field) => FieldErrors is not null && FieldErrors.TryGetValue(field, out var message) ? message : null;
}

/// <summary>The outcome of a service call the UI can show; exceptions are kept for bugs.</summary>
public class Result
{
    protected Result(ServiceError? error) => Error = error;

    public ServiceError? Error { get; }

    public bool Succeeded => Error is null;

    public static Result Ok() => new(null);

    public static Result Fail(ServiceError error) => new(error);

    public static implicit operator Result(ServiceError error) => new(error);
}

public sealed class Result<T> : Result
{
    private Result(T? value, ServiceError? error)
        : base(error) => Value = value;

    public T? Value { get; }

    public static Result<T> Ok(T value) => new(value, null);

    public static new Result<T> Fail(ServiceError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(ServiceError error) => Fail(error);
}
