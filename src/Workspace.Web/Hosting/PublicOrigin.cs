using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Workspace.Web.Hosting;

/// <summary>
/// The address people open the app at (<c>App:PublicOrigin</c>, e.g. https://workspace.example.gov): the
/// start of every link the app sends by email or puts in a calendar file. Never the request's Host header
/// or a circuit's base address, which whoever sends the request chooses.
/// </summary>
public sealed class PublicOrigin
{
    public const string Setting = "App:PublicOrigin";

    private readonly Lazy<Uri> _baseUri;

    public PublicOrigin(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        var checkedUri = Check(baseUri);
        _baseUri = new Lazy<Uri>(checkedUri);
    }

    private PublicOrigin(Func<Uri> resolve) => _baseUri = new Lazy<Uri>(() => Check(resolve()));

    /// <summary>The origin (and path base, if any), ending with a slash.</summary>
    public Uri BaseUri => _baseUri.Value;

    /// <summary>An absolute link to <paramref name="relativePath"/> (e.g. <c>Account/ResetPassword</c>) under <see cref="BaseUri"/>.</summary>
    public Uri Link(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return new Uri(BaseUri, relativePath.TrimStart('/'));
    }

    /// <summary>
    /// From <c>App:PublicOrigin</c>; null without it in Development (then <see cref="FromServer"/>). Outside
    /// Development the setting is required: there the address the app listens on is the container's or the
    /// proxy's internal one, not the one people open.
    /// </summary>
    public static PublicOrigin? FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            return Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri)
                ? new PublicOrigin(uri)
                : throw new InvalidOperationException($"{Setting} must be an absolute http or https address such as https://workspace.example.gov; it is '{configured}'.");
        }

        return environment.IsDevelopment()
            ? null
            : throw new InvalidOperationException(
                $"{Setting} is not set. Outside Development the app needs the address people open it at (e.g. https://workspace.example.gov, " +
                "environment variable App__PublicOrigin) to build the links in its emails. See infra/README.md.");
    }

    /// <summary>The first address <paramref name="server"/> listens on, read when the first link is built (after the port is bound).</summary>
    public static PublicOrigin FromServer(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new PublicOrigin(() => FirstListeningAddress(server));
    }

    private static Uri FirstListeningAddress(IServer server)
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (first is null)
        {
            // An in-memory test server listens nowhere.
            return new Uri("http://localhost/");
        }

        // "http://+:5080", "http://*:5080", "http://0.0.0.0:5080" and "http://[::]:5080" name every interface, not a host.
        var wildcard = first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        var uri = new UriBuilder(wildcard);
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }

    private static Uri Check(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new InvalidOperationException($"{Setting} must be an absolute http or https address such as https://workspace.example.gov; it is '{uri}'.");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
