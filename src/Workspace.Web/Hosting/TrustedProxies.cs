using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Workspace.Web.Hosting;

/// <summary>
/// The proxies whose X-Forwarded-For and X-Forwarded-Proto the app believes: <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges). Each is a list (<c>KnownProxies:0</c>,
/// <c>KnownProxies:1</c>…) or one string separated by commas or semicolons. When either is set, only those are
/// trusted; with neither, ASP.NET's default: loopback only. Any other sender's headers are ignored, so its own
/// address stays the one the sign-in rate limit counts.
/// </summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Proxies, IReadOnlyList<IPNetwork> Networks)
{
    public const string ProxiesSetting = "ForwardedHeaders:KnownProxies";
    public const string NetworksSetting = "ForwardedHeaders:KnownNetworks";

    public bool AreConfigured => Proxies.Count > 0 || Networks.Count > 0;

    /// <summary>Reads both settings; an entry that is not an address or a range stops the start with its setting named.</summary>
    public static TrustedProxies FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var proxies = Entries(configuration, ProxiesSetting)
            .Select(entry => IPAddress.TryParse(entry, out var address)
                ? address
                : throw new InvalidOperationException($"{ProxiesSetting}: '{entry}' is not an IP address."))
            .ToList();
        var networks = Entries(configuration, NetworksSetting)
            .Select(entry => IPNetwork.TryParse(entry, out var network)
                ? network
                : throw new InvalidOperationException($"{NetworksSetting}: '{entry}' is not a network in CIDR form such as 10.0.0.0/8."))
            .ToList();
        return new TrustedProxies(proxies, networks);
    }

    public void ApplyTo(ForwardedHeadersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        if (!AreConfigured)
        {
            return;
        }

        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in Proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }

    private static List<string> Entries(IConfiguration configuration, string setting)
    {
        var section = configuration.GetSection(setting);
        IEnumerable<string> values = section.Value is { } single ? [single] : section.GetChildren().Select(child => child.Value ?? "");
        return values
            .SelectMany(value => value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
    }
}
