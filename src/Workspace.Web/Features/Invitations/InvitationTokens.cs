using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Workspace.Web.Features.Invitations;

public static class InvitationTokens
{
    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string LinkPath(string token) => $"invite/{token}";
}

public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}
