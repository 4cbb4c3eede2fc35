using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Workspace.Web.Features.Api;

/// <summary>
/// The token format <c>pws_{id}_{secret}</c>: a recognisable prefix (secret scanners can find leaked
/// tokens), the token's id to find its row, and 32 random bytes. Only the SHA-256 of the whole is stored.
/// </summary>
public static class ApiTokenSecrets
{
    public const string Prefix = "pws_";

    public static string NewToken(Guid id) =>
        $"{Prefix}{id:N}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The id a well-formed token names; null for anything else.</summary>
    public static Guid? IdOf(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length != Prefix.Length + 32 + 1 + 43 || token[Prefix.Length + 32] != '_')
        {
            return null;
        }

        return Guid.TryParseExact(token.AsSpan(Prefix.Length, 32), "N", out var id) ? id : null;
    }

    /// <summary>Compares in constant time, so response times say nothing about how much of a secret was right.</summary>
    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));
}
