using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Workspace.Tests.Support;
using Workspace.Web.Features.Goals;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>Lines logged while a circuit handles something carry the circuit's id and the signed-in user's id.</summary>
public sealed class CircuitLogScopeTests
{
    [Fact]
    public async Task ALogWrittenByAServiceDuringACircuitEvent_CarriesTheCircuitAndUserIds()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new TestApp("Development", services: services => services.AddSingleton<ILoggerProvider>(logs));
        await using var circuit = app.Services.CreateAsyncScope();
        // The app's handlers are created before the circuit learns its user, as in a real circuit.
        var handler = circuit.ServiceProvider.GetServices<CircuitHandler>().OfType<CircuitLogScopeHandler>().Single();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user-42"), new Claim(ClaimTypes.Name, "Ada")], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        var service = circuit.ServiceProvider.GetRequiredService<ILogger<GoalService>>();

        await handler.RunAsync("circuit-7", async () =>
        {
            await Task.Yield();
            service.LogWarning("Goal saved after a yield");
        });
        service.LogWarning("Logged outside any circuit activity");

        var inside = Assert.Single(logs.Entries, e => e.Message == "Goal saved after a yield");
        Assert.Equal("circuit-7", inside.Scope["CircuitId"]);
        Assert.Equal("user-42", inside.Scope["UserId"]);
        Assert.DoesNotContain("Ada", inside.Scope.Values);
        var outside = Assert.Single(logs.Entries, e => e.Message == "Logged outside any circuit activity");
        Assert.False(outside.Scope.ContainsKey("CircuitId"));
    }

    [Fact]
    public async Task InProduction_TheConsoleWritesJsonWithScopes_AndRequestsAddTheirTraceId()
    {
        await using var app = new TestApp("Production", new Dictionary<string, string?> { [PublicOrigin.Setting] = "https://workspace.example.gov" });

        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        var tracking = app.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("partnerships/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/goals/12?tab=log#top", "/partnerships/{id}/goals/{id}")]
    [InlineData("Dashboard", "/dashboard")]
    public void APagesRoute_HasItsIdsReplaced(string path, string page) => Assert.Equal(page, CircuitPageCounter.PageOf(path));

    private sealed record Entry(string Message, IReadOnlyDictionary<string, object?> Scope);

    /// <summary>Keeps every line with the properties of the scopes around it, as the JSON console shows them.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly Lock _gate = new();
        private readonly List<Entry> _entries = [];
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyList<Entry> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private void Add(string message)
        {
            var scope = new Dictionary<string, object?>();
            _scopes.ForEachScope(
                (state, properties) =>
                {
                    if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            properties[key] = value;
                        }
                    }
                },
                scope);
            lock (_gate)
            {
                _entries.Add(new Entry(message, scope));
            }
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Add(formatter(state, exception));
        }
    }
}
