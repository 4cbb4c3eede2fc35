using System.Text.Json;

namespace Workspace.Tests.Hosting;

/// <summary>
/// The image <c>dotnet publish /t:PublishContainer</c> builds runs as the non-root <c>app</c> user on port 8080,
/// as infra/Dockerfile's does. Read from the project file: building the image needs the base image's registry.
/// </summary>
public sealed class ContainerImageTests
{
    [Fact]
    public async Task TheContainerImage_RunsAsTheNonRootAppUserOnPort8080()
    {
        var (exitCode, output, errors) = await InfraFiles.RunAsync(
            "dotnet",
            "msbuild",
            InfraFiles.PathOf("src", "Workspace.Web", "Workspace.Web.csproj"),
            "-getProperty:ContainerUser",
            "-getProperty:ContainerRepository",
            "-getItem:ContainerPort",
            "-getItem:ContainerEnvironmentVariable");

        Assert.True(exitCode == 0, errors + output);
        using var evaluated = JsonDocument.Parse(output);
        var properties = evaluated.RootElement.GetProperty("Properties");
        Assert.Equal("app", properties.GetProperty("ContainerUser").GetString());
        Assert.Equal("partnership-workspace", properties.GetProperty("ContainerRepository").GetString());
        var items = evaluated.RootElement.GetProperty("Items");
        var port = Assert.Single(items.GetProperty("ContainerPort").EnumerateArray());
        Assert.Equal("8080", port.GetProperty("Identity").GetString());
        var environment = items.GetProperty("ContainerEnvironmentVariable").EnumerateArray()
            .ToDictionary(v => v.GetProperty("Identity").GetString()!, v => v.GetProperty("Value").GetString());
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
    }

    [Fact]
    public void TheDockerfile_RunsAsTheSameUserOnTheSamePort()
    {
        var lines = File.ReadAllLines(InfraFiles.PathOf("infra", "Dockerfile")).Select(l => l.Trim()).ToList();

        Assert.Contains("USER app", lines);
        Assert.Contains("EXPOSE 8080", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("USER root", StringComparison.Ordinal));
    }
}
