using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Workspace.Tests.Data;

/// <summary>A Production host rooted in a test's own folder, for registering the app's data services.</summary>
internal sealed class TestHostEnvironment(string root) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = Environments.Production;

    public string ApplicationName { get; set; } = "Workspace.Web";

    public string ContentRootPath { get; set; } = root;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
