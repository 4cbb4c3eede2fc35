using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Api;

/// <summary>What a POST with an Idempotency-Key finds: its own claim, the first answer to replay, or a refusal.</summary>
public abstract record IdempotencyClaim
{
    public sealed record Claimed : IdempotencyClaim;

    public sealed record Replay(int StatusCode, string? Body, string? Location) : IdempotencyClaim;

    public sealed record InProgress : IdempotencyClaim;

    public sealed record KeyReused : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys, per token, in the database so a retry reaching another node is still recognised.
/// The first request claims the key with a pending row, which a concurrent retry sees as in progress.
/// </summary>
public sealed class ApiIdempotency(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    public static string RequestHash(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{method} {path}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<IdempotencyClaim> ClaimAsync(Guid tokenId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.CreatedUtc <= now - KeptFor).ExecuteDeleteAsync(cancellationToken);
        db.IdempotencyRecords.Add(new IdempotencyRecord { TokenId = tokenId, Key = key, RequestHash = requestHash, CreatedUtc = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new IdempotencyClaim.Claimed();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }

        var first = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.TokenId == tokenId && r.Key == key, cancellationToken);
        return first switch
        {
            null => new IdempotencyClaim.InProgress(),
            _ when !string.Equals(first.RequestHash, requestHash, StringComparison.Ordinal) => new IdempotencyClaim.KeyReused(),
            { StatusCode: 0 } => new IdempotencyClaim.InProgress(),
            _ => new IdempotencyClaim.Replay(first.StatusCode, first.ResponseBody, first.Location),
        };
    }

    public async Task CompleteAsync(Guid tokenId, string key, int statusCode, string? body, string? location, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.TokenId == tokenId && r.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ResponseBody, body).SetProperty(r => r.Location, location), cancellationToken);
    }

    /// <summary>Gives the key back when the request failed without an answer worth repeating, so a retry runs again.</summary>
    public async Task ReleaseAsync(Guid tokenId, string key)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.TokenId == tokenId && r.Key == key && r.StatusCode == 0).ExecuteDeleteAsync();
    }
}
