using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Api;

/// <summary>Facilitators create, list and revoke a partnership's API tokens; the API checks tokens here.</summary>
public sealed class ApiTokenService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Last use is written at most this often per token, not once per request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<ApiTokensOverview>> ListAsync(string userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "manage API tokens", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var indicators = await db.Indicators.AsNoTracking().Where(i => i.PartnershipId == partnershipId)
            .Join(db.Goals, i => i.GoalId, g => g.Id, (i, g) => new ApiIndicatorChoice(i.Id, i.Name, g.Title))
            .ToListAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.PartnershipId == partnershipId).ToListAsync(cancellationToken);
        var creatorIds = tokens.Select(t => t.CreatedByUserId).Distinct().ToList();
        var creators = await db.Users.AsNoTracking().Where(u => creatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var names = indicators.ToDictionary(i => i.Id, i => i.Name);
        return new ApiTokensOverview(
            [.. tokens.OrderByDescending(t => t.CreatedUtc).Select(t => View(t, creators.GetValueOrDefault(t.CreatedByUserId) ?? "A former member", names))],
            [.. indicators.OrderBy(i => i.GoalTitle, StringComparer.CurrentCultureIgnoreCase).ThenBy(i => i.Name, StringComparer.CurrentCultureIgnoreCase)]);
    }

    public async Task<Result<CreatedApiToken>> CreateAsync(string userId, Guid partnershipId, ApiTokenInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "create API tokens", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var now = UtcNow;
        var today = DateOnly.FromDateTime(now);
        var name = InputRules.Stored(input.Name);
        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.PartnershipId == partnershipId && input.IndicatorIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
        var taken = await db.ApiTokens.Where(t => t.PartnershipId == partnershipId).Select(t => t.Name).ToListAsync(cancellationToken);
        var rules = new InputRules()
            .Required(nameof(ApiTokenInput.Name), "Name", input.Name, ApiToken.NameMaxLength)
            .Check(!taken.Contains(name, StringComparer.OrdinalIgnoreCase), nameof(ApiTokenInput.Name), $"This partnership already has a token named “{name}”: choose another name.")
            .Defined(nameof(ApiTokenInput.Scope), "Scope", input.Scope);
        if (input.Scope == ApiScope.WriteCheckIns)
        {
            rules.Check(input.IndicatorIds.Count > 0, nameof(ApiTokenInput.IndicatorIds), "Choose the indicators this token may record check-ins for.")
                .Check(indicators.Count == input.IndicatorIds.Count, nameof(ApiTokenInput.IndicatorIds), "One of the chosen indicators is no longer in this partnership: choose again.");
        }

        if (input.ExpiresOn is not { } expiresOn)
        {
            rules.Add(nameof(ApiTokenInput.ExpiresOn), "Choose when the token stops working.");
        }
        else if (expiresOn <= today || expiresOn > today.AddDays(ApiTokenInput.MaxDays))
        {
            rules.Add(nameof(ApiTokenInput.ExpiresOn), $"The token must expire after today and at most a year from now, by {today.AddDays(ApiTokenInput.MaxDays):d MMMM yyyy}.");
        }

        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Name = name,
            Scope = input.Scope,
            WritableIndicatorIds = input.Scope == ApiScope.WriteCheckIns ? string.Join(' ', indicators.Keys.Order()) : "",
            CreatedByUserId = userId,
            CreatedUtc = now,
            ExpiresUtc = input.ExpiresOn!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        var secret = ApiTokenSecrets.NewToken(token.Id);
        token.SecretHash = ApiTokenSecrets.Hash(secret);
        db.ApiTokens.Add(token);
        db.Record(partnershipId, userId, now, nameof(ApiToken), token.Id, "Created", null, AuditTrail.Join(name, Describe(token.Scope, indicators.Values)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two facilitators chose the same name at the same moment: the unique index keeps one.
            return ServiceError.Invalid(nameof(ApiTokenInput.Name), $"This partnership already has a token named “{name}”: choose another name.");
        }

        var creator = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(cancellationToken);
        return new CreatedApiToken(View(token, creator, indicators), secret);
    }

    public async Task<Result> RevokeAsync(string userId, Guid partnershipId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "revoke API tokens", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.PartnershipId == partnershipId, cancellationToken);
        if (token is null)
        {
            return ServiceError.NotFound;
        }

        if (token.RevokedUtc is not null)
        {
            return Result.Ok();
        }

        var now = UtcNow;
        token.RevokedUtc = now;
        token.RevokedByUserId = userId;
        db.Record(partnershipId, userId, now, nameof(ApiToken), token.Id, "Revoked", token.Name, null);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Ok();
    }

    /// <summary>The caller a presented token stands for; null when it is malformed, unknown, wrong, expired or revoked.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (ApiTokenSecrets.IdOf(presented) is not { } id)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        var now = UtcNow;
        if (token is null || !ApiTokenSecrets.Matches(presented, token.SecretHash) || token.RevokedUtc is not null || token.ExpiresUtc <= now)
        {
            return null;
        }

        if (token.LastUsedUtc is not { } last || now - last >= LastUseResolution)
        {
            // A conditional update: of several nodes seeing the same minute's first request, one writes.
            var stale = now - LastUseResolution;
            await db.ApiTokens.Where(t => t.Id == id && (t.LastUsedUtc == null || t.LastUsedUtc <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedUtc, now), cancellationToken);
        }

        return new ApiCaller(token.Id, token.PartnershipId, token.Name, token.Scope, token.WritableIndicators);
    }

    private static ApiTokenView View(ApiToken token, string creator, IReadOnlyDictionary<Guid, string> indicatorNames) => new(
        token.Id, token.Name, token.Scope,
        [.. token.WritableIndicators.Select(i => indicatorNames.GetValueOrDefault(i) ?? "A removed indicator")],
        creator, token.CreatedUtc, token.ExpiresUtc, token.RevokedUtc, token.LastUsedUtc);

    private static string Describe(ApiScope scope, IEnumerable<string> indicators) =>
        scope == ApiScope.Read ? "read only" : $"read, and record check-ins for {string.Join(", ", indicators.Select(i => $"“{i}”"))}";
}
