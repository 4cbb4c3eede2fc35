using System.Reflection;

namespace Workspace.Tests.Hosting;

/// <summary>infra/azure/main.bicep compiles with the real Bicep compiler, without a warning.</summary>
public sealed class AzureTemplateTests
{
    private static readonly string Bicep = typeof(AzureTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!;

    [Fact]
    public async Task TheAzureTemplate_CompilesWithoutWarnings()
    {
        var (exitCode, template, diagnostics) = await InfraFiles.RunAsync(Bicep, "build", "--stdout", InfraFiles.PathOf("infra", "azure", "main.bicep"));

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal("", diagnostics.Trim());
        // The settings a circuit's people rely on: sticky sessions and connection strings from Key Vault.
        Assert.Contains("\"affinity\": \"sticky\"", template, StringComparison.Ordinal);
        Assert.Contains("'keyVaultUrl'", template, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Sql/servers/databases", template, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Cache/redis", template, StringComparison.Ordinal);
        // Azure SignalR Service is an option, off unless asked for, and sticky to the circuit's replica in the app.
        Assert.Contains("Microsoft.SignalRService/signalR", template, StringComparison.Ordinal);
        Assert.Contains("Azure__SignalR__ConnectionString", template, StringComparison.Ordinal);
    }
}
