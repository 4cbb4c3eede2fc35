using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Workspace.Web.Hosting;

/// <summary>
/// Traces, metrics and logs over OTLP, switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
/// <c>Telemetry:OtlpEndpoint</c>; without either no instrument is created or listened to, so nothing is recorded or sent.
/// Circuit log scopes are always on: the console log needs them too.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointSetting = "Telemetry:OtlpEndpoint";
    public const string StandardOtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "partnership-workspace";

    /// <summary>Blazor's own meters in .NET 10: rendering, component lifecycle, circuits.</summary>
    public static readonly IReadOnlyList<string> BlazorMeters =
        ["Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Lifecycle", "Microsoft.AspNetCore.Components.Server.Circuits"];

    /// <summary>Blazor's activity sources in .NET 10: event handling and navigation, circuit start.</summary>
    public static readonly IReadOnlyList<string> BlazorActivitySources =
        ["Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits"];

    public static IServiceCollection AddWorkspaceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScoped<CircuitHandler, CircuitLogScopeHandler>();

        var endpoint = configuration[OtlpEndpointSetting];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(configuration[StandardOtlpEndpointSetting]))
        {
            return services;
        }

        // Registered only here: the event bus and the save timing skip their instruments when it is absent.
        services.AddSingleton<WorkspaceMetrics>();
        services.AddScoped<CircuitHandler, CircuitPageCounter>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing
                // Probes arrive every few seconds from every balancer; their spans would drown the people's.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource([.. BlazorActivitySources]))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter([.. BlazorMeters])
                .AddMeter(WorkspaceMetrics.MeterName))
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
            });

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            // The standard OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers) configure it.
            telemetry.UseOtlpExporter();
        }
        else
        {
            var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(endpoint));
        }

        return services;
    }
}
