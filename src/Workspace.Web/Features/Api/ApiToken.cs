namespace Workspace.Web.Features.Api;

/// <summary>What a token may do: read the partnership's goals, indicators and decisions, or also record check-ins.</summary>
public enum ApiScope
{
    Read,
    WriteCheckIns,
}

/// <summary>
/// A credential a partner's system uses to read a partnership's figures and, if allowed, record check-ins
/// for chosen indicators. Only a hash of its secret is kept; it acts for the partnership, never as a person.
/// </summary>
public class ApiToken
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public string Name { get; set; } = "";

    public ApiScope Scope { get; set; }

    /// <summary>The indicators a <see cref="ApiScope.WriteCheckIns"/> token may write, space-separated ids.</summary>
    public string WritableIndicatorIds { get; set; } = "";

    /// <summary>SHA-256 (hex) of the whole token as shown once to its creator.</summary>
    public string SecretHash { get; set; } = "";

    public string CreatedByUserId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }

    public string? RevokedByUserId { get; set; }

    public DateTime? LastUsedUtc { get; set; }

    public IReadOnlyList<Guid> WritableIndicators =>
        [.. WritableIndicatorIds.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}

/// <summary>
/// The first answer to a POST sent with an Idempotency-Key, kept a day so a retry (on any node) gets the
/// same answer instead of recording the value twice.
/// </summary>
public class IdempotencyRecord
{
    public const int KeyMaxLength = 100;

    public Guid TokenId { get; set; }

    public string Key { get; set; } = "";

    /// <summary>SHA-256 (hex) of the method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>0 while the first request is still being handled.</summary>
    public int StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }

    public DateTime CreatedUtc { get; set; }
}
