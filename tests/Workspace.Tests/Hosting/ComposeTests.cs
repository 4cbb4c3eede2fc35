using YamlDotNet.RepresentationModel;

namespace Workspace.Tests.Hosting;

/// <summary>infra/compose.yaml describes two app nodes behind nginx, wired to Redis and SQL Server (no Docker engine runs here).</summary>
public sealed class ComposeTests
{
    private static readonly string[] AppSettings =
        ["App__PublicOrigin", "Database__Provider", "ConnectionStrings__Workspace", "ConnectionStrings__Redis"];

    private readonly YamlMappingNode _services;

    public ComposeTests()
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(InfraFiles.PathOf("infra", "compose.yaml"));
        yaml.Load(reader);
        _services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private IEnumerable<(string Name, YamlMappingNode Service)> Services =>
        _services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value));

    private List<(string Name, YamlMappingNode Service)> AppNodes =>
        [.. Services.Where(s => Scalar(s.Service, "image")?.Contains("partnership-workspace", StringComparison.Ordinal) == true)];

    [Fact]
    public void TwoAppNodes_EachHaveTheDatabaseRedisAndOriginSettings()
    {
        Assert.Equal(2, AppNodes.Count);
        foreach (var (name, service) in AppNodes)
        {
            var environment = (YamlMappingNode)service["environment"];
            foreach (var setting in AppSettings)
            {
                Assert.True(environment.Children.ContainsKey(new YamlScalarNode(setting)), $"{name} lacks {setting}.");
            }

            Assert.Equal("SqlServer", Scalar(environment, "Database__Provider"));
            Assert.Contains("Server=sqlserver", Scalar(environment, "ConnectionStrings__Workspace"), StringComparison.Ordinal);
            Assert.StartsWith("redis:", Scalar(environment, "ConnectionStrings__Redis"), StringComparison.Ordinal);
            // The password is substituted from the environment or infra/.env, never written here.
            Assert.Contains("Password=${MSSQL_SA_PASSWORD", Scalar(environment, "ConnectionStrings__Workspace"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Nginx_DependsOnBothNodes_AndIsTheOnlyServiceWithPublishedPorts()
    {
        var nginx = (YamlMappingNode)_services["nginx"];
        var dependsOn = nginx["depends_on"] switch
        {
            YamlMappingNode map => map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList(),
            YamlSequenceNode list => list.Children.Select(k => ((YamlScalarNode)k).Value!).ToList(),
            _ => [],
        };

        Assert.All(AppNodes, app => Assert.Contains(app.Name, dependsOn));
        Assert.Equal(["nginx"], Services.Where(s => s.Service.Children.ContainsKey(new YamlScalarNode("ports"))).Select(s => s.Name));
    }

    [Fact]
    public void SqlServer_HasAHealthCheck_AndItsPasswordComesFromTheEnvironment()
    {
        var sqlServer = (YamlMappingNode)_services["sqlserver"];

        Assert.Contains("mssql/server:2022", Scalar(sqlServer, "image"), StringComparison.Ordinal);
        Assert.True(sqlServer.Children.ContainsKey(new YamlScalarNode("healthcheck")));
        Assert.StartsWith("${MSSQL_SA_PASSWORD", Scalar((YamlMappingNode)sqlServer["environment"], "MSSQL_SA_PASSWORD"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheNginxConfiguration_IsStickyAndUpgradesWebSockets()
    {
        var config = File.ReadAllText(InfraFiles.PathOf("infra", "nginx", "workspace.conf"));

        Assert.Matches(@"hash \$\S+ consistent;", config);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", config, StringComparison.Ordinal);
        Assert.All(AppNodes, app => Assert.Contains($"server {app.Name}:8080", config, StringComparison.Ordinal));
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
