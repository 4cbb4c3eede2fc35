namespace Workspace.Web.Features.Api;

public sealed class ApiTokenInput
{
    public const int DefaultDays = 90;

    public const int MaxDays = 365;

    public string Name { get; set; } = "";

    public ApiScope Scope { get; set; } = ApiScope.Read;

    public HashSet<Guid> IndicatorIds { get; set; } = [];

    public DateOnly? ExpiresOn { get; set; }
}

public sealed record ApiTokenView(
    Guid Id, string Name, ApiScope Scope, IReadOnlyList<string> WritableIndicatorNames, string CreatedByName,
    DateTime CreatedUtc, DateTime ExpiresUtc, DateTime? RevokedUtc, DateTime? LastUsedUtc)
{
    public bool IsActive(DateTime nowUtc) => RevokedUtc is null && ExpiresUtc > nowUtc;
}

/// <summary>An indicator a token may be allowed to write, named with its goal.</summary>
public sealed record ApiIndicatorChoice(Guid Id, string Name, string GoalTitle);

public sealed record ApiTokensOverview(IReadOnlyList<ApiTokenView> Tokens, IReadOnlyList<ApiIndicatorChoice> Indicators);

/// <summary>A new token and its secret, which exists only in this answer.</summary>
public sealed record CreatedApiToken(ApiTokenView Token, string Secret);

/// <summary>Who is calling the API: a valid token of one partnership.</summary>
public sealed record ApiCaller(Guid TokenId, Guid PartnershipId, string Name, ApiScope Scope, IReadOnlyList<Guid> WritableIndicators)
{
    public bool MayWrite(Guid indicatorId) => Scope == ApiScope.WriteCheckIns && WritableIndicators.Contains(indicatorId);
}
