using Microsoft.Azure.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>Azure SignalR Service is chosen by configuration alone, and always with sticky circuits.</summary>
public sealed class AzureSignalRTests
{
    // The documented format, with a made-up key: nothing connects in these tests.
    private const string ConnectionString = "Endpoint=https://workspace-test.service.signalr.net;AccessKey=dGVzdC1rZXktbm90LXJlYWwtMDEyMzQ1Njc4OWFiY2RlZg==;Version=1.0;";

    [Fact]
    public void Configured_UsesTheServiceWithServerStickyModeRequired()
    {
        var configuration = Configuration(ConnectionString);
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration);
        var added = services.AddWorkspaceAzureSignalR(configuration);

        Assert.True(added);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ServiceOptions>>().Value;
        Assert.Equal(ServerStickyMode.Required, options.ServerStickyMode);
        Assert.Equal(ConnectionString, options.ConnectionString);
    }

    [Fact]
    public void NotConfigured_AddsNothing()
    {
        var services = new ServiceCollection();

        Assert.False(services.AddWorkspaceAzureSignalR(Configuration(null)));
        Assert.Empty(services);
    }

    private static IConfiguration Configuration(string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AzureSignalR.ConnectionStringSetting] = connectionString }).Build();
}
