using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web;

namespace Workspace.Tests.Components;

/// <summary>
/// The component tests run on the app's own registrations, so a service the app forgets to register,
/// or one whose dependencies it forgets, fails here rather than on the first page that needs it.
/// </summary>
public sealed class AppServicesTests : WorkspaceBunitContext
{
    [Fact]
    public async Task EveryServiceTheAppRegistersForItsComponents_ResolvesInTheComponentTestContext()
    {
        var registered = new ServiceCollection().AddWorkspaceFeatures(AppConfiguration).AddWorkspaceComponents();
        var serviceTypes = registered
            .Where(d => !d.ServiceType.IsGenericTypeDefinition && !d.IsKeyedService)
            .Select(d => d.ServiceType)
            .Distinct()
            .ToList();
        await using var circuit = Services.CreateAsyncScope();

        var unresolved = new List<string>();
        foreach (var type in serviceTypes)
        {
            try
            {
                circuit.ServiceProvider.GetRequiredService(type);
            }
            catch (InvalidOperationException ex)
            {
                unresolved.Add($"{type.FullName}: {ex.Message}");
            }
        }

        Assert.True(serviceTypes.Count > 30, $"Only {serviceTypes.Count} services were registered.");
        Assert.Empty(unresolved);
    }

    [Fact]
    public async Task EveryServiceAComponentInjects_IsRegisteredByTheApp()
    {
        await using var app = new TestApp("Development");
        var injected = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(p => (p.PropertyType, Inject: p.GetCustomAttribute<InjectAttribute>()))
            .Where(p => p.Inject is not null)
            .Select(p => (p.PropertyType, p.Inject!.Key))
            .Distinct()
            .ToList();
        // Whether the app can provide each one; building some (the snackbar, say) needs a live circuit.
        var registered = app.Services.GetRequiredService<IServiceProviderIsKeyedService>();

        var missing = injected
            .Where(i => i.Key is null ? !registered.IsService(i.PropertyType) : !registered.IsKeyedService(i.PropertyType, i.Key))
            .Select(i => i.PropertyType.FullName)
            .ToList();

        Assert.True(injected.Count > 20, $"Only {injected.Count} injected services were found.");
        Assert.Empty(missing);
    }
}
