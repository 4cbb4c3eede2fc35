using System.Net;
using System.Net.Sockets;

namespace Workspace.Web.Features.Webhooks;

/// <summary>A webhook address the workspace will not send to, with the reason the facilitator reads.</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);

/// <summary>
/// Keeps webhooks away from the workspace's own network (SSRF): HTTPS only, and no private, link-local or
/// loopback address, checked on the literal URL at registration and on the resolved address at each send,
/// where the checked address is the one connected to (so a name cannot resolve differently in between).
/// </summary>
public sealed class WebhookAddressGuard
{
    private readonly bool _allowLoopback;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public WebhookAddressGuard(bool allowLoopback, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _allowLoopback = allowLoopback;
        _resolve = resolve ?? ((host, cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken));
    }

    public bool AllowLoopback => _allowLoopback;

    /// <summary>Why the URL cannot be a webhook, or null when it can (before any name is resolved).</summary>
    public string? Check(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(uri.Host))
        {
            return "Enter a full address starting with https://, e.g. https://example.org/hooks/workspace.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Leave the user name and password out of the address: the signature tells the receiver the call is genuine.";
        }

        var loopback = uri.IsLoopback;
        if (uri.Scheme == Uri.UriSchemeHttp && !(loopback && _allowLoopback))
        {
            return "Webhooks are sent over HTTPS only: the address must start with https://.";
        }

        if (loopback && !_allowLoopback)
        {
            return "This address is the workspace's own machine (loopback): webhooks go to other systems only.";
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.DnsSafeHost, out var literal) && IsRefused(literal, _allowLoopback))
        {
            return $"{literal} is a private or link-local network address: webhooks go to addresses on the internet only.";
        }

        return null;
    }

    /// <summary>The address to connect to for <paramref name="host"/>; refuses when any address it resolves to is refused.</summary>
    public async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await _resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new WebhookRefusedException($"{host} resolves to no address.");
        }

        if (addresses.FirstOrDefault(a => IsRefused(a, _allowLoopback)) is { } refused)
        {
            throw new WebhookRefusedException($"{host} resolves to {refused}, a private or link-local address: not sent.");
        }

        return addresses[0];
    }

    /// <summary>Private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local, loopback (unless allowed) and other non-public addresses.</summary>
    public static bool IsRefused(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return !allowLoopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224;
        }

        var v6 = address.GetAddressBytes();
        return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC;
    }
}
