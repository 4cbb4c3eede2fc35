using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Mvc;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;

namespace Workspace.Web.Diagnostics;

/// <summary>
/// Endpoints the load generator (bench/) uses to make edits through the full save path and to read
/// the server's heap. They exist only in Development with <c>Bench:Endpoints=true</c>; in any other
/// environment nothing is registered, whatever the configuration says.
/// </summary>
public static class BenchDiagnostics
{
    public const string EnabledKey = "Bench:Endpoints";

    private static readonly SemaphoreSlim EditGate = new(1, 1);

    public static bool IsEnabled(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() && configuration.GetValue(EnabledKey, false);
    }

    public static IServiceCollection AddBenchDiagnostics(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!IsEnabled(environment, configuration))
        {
            return services;
        }

        services.AddSingleton<CircuitCounter>();
        services.AddScoped<CircuitHandler, CircuitCounter.Handler>();
        return services;
    }

    public static WebApplication MapBenchDiagnostics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsEnabled(app.Environment, app.Configuration))
        {
            return app;
        }

        var bench = app.MapGroup("/_bench");

        // The managed heap after a full, blocking collection, and the circuits open now.
        bench.MapGet("/heap", (CircuitCounter circuits) =>
        {
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            return Results.Json(new HeapReport(heap, circuits.Open, Environment.WorkingSet));
        });

        // The processor time the app has used so far (no collection), to measure CPU per edit.
        bench.MapGet("/cpu", () =>
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new { CpuMilliseconds = process.TotalProcessorTime.TotalMilliseconds });
        });

        // POST ?value=…: saves a goal's title as the signed-in person through GoalService (authorize, validate,
        // save, history row, publish), starting from the title stored now.
        bench.MapPost("/goals/{partnershipId:guid}/{goalId:guid}/title", async (
            Guid partnershipId, Guid goalId, [FromQuery] string value, HttpContext context, GoalService goals) =>
        {
            var userId = context.User.GetUserId();
            if (userId is null)
            {
                return Results.Unauthorized();
            }

            // Bench edits of one title arrive faster than they save: they take turns, as one person's
            // edits would, so none comes back as a conflict with the one before.
            await EditGate.WaitAsync(context.RequestAborted);
            try
            {
                var current = await goals.GetAsync(userId, partnershipId, goalId, context.RequestAborted);
                if (!current.Succeeded)
                {
                    return Results.NotFound();
                }

                var saved = await goals.SaveFieldAsync(
                    userId, partnershipId, goalId, GoalField.Title, current.Value!.Summary.Title, value, context.RequestAborted);
                return saved.Error switch
                {
                    null when saved.Value!.Saved => Results.NoContent(),
                    null => Results.Conflict(),
                    { Kind: ErrorKind.NotFound } => Results.NotFound(),
                    { Kind: ErrorKind.Forbidden } => Results.Forbid(),
                    var error => Results.BadRequest(error.Message),
                };
            }
            finally
            {
                EditGate.Release();
            }
        }).RequireAuthorization();

        return app;
    }

    public sealed record HeapReport(long HeapBytes, int Circuits, long WorkingSetBytes);

    /// <summary>Counts the circuits open on this node.</summary>
    public sealed class CircuitCounter
    {
        private int _open;

        public int Open => Volatile.Read(ref _open);

        public sealed class Handler(CircuitCounter counter) : CircuitHandler
        {
            public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref counter._open);
                return Task.CompletedTask;
            }

            public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
            {
                Interlocked.Decrement(ref counter._open);
                return Task.CompletedTask;
            }
        }
    }
}
