using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Workspace.Web.Features.LiveViews;

/// <summary>
/// What names a fragment's HTML: the first 16 bytes of its SHA-256, base64url. The page's server render puts it on
/// each fragment's element and the view's group computes it from its own render, through the same renderer
/// (<see cref="LiveFragmentRenderer"/>), so equal hashes mean the page already shows that fragment.
/// </summary>
public static class LiveFragmentHash
{
    /// <summary>The longest hash a browser may send back; anything longer is not one of ours.</summary>
    public const int MaxLength = 32;

    public static string Of(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(html), hash);
        return Base64Url.EncodeToString(hash[..16]);
    }

    /// <summary>
    /// The fragments a browser says it shows, or null when what it sent is not a short list of short ids and
    /// hashes (then it gets the whole view, as a join without hashes does).
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Shown(IReadOnlyDictionary<string, string>? shown) =>
        shown is null || shown.Count > LiveContract.MaxShown
            || shown.Any(s => s.Key.Length > LiveContract.MaxNameLength || s.Value is null || s.Value.Length > MaxLength)
            ? null
            : shown;
}
