using Microsoft.AspNetCore.Components.Server.Circuits;
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

        // Saves a goal's title as the signed-in person through GoalService (authorize, validate,
        // save, history row, publish), starting from the title stored now.
        bench.MapPost("/goals/{partnershipId:guid}/{goalId:guid}/title", async (
            Guid partnershipId, Guid goalId, TitleEdit edit, HttpContext context, GoalService goals) =>
        {
            var userId = context.User.GetUserId();
            if (userId is null)
            {
                return Results.Unauthorized();
            }

            var current = await goals.GetAsync(userId, partnershipId, goalId, context.RequestAborted);
            if (!current.Succeeded)
            {
                return Results.NotFound();
            }

            var saved = await goals.SaveFieldAsync(
                userId, partnershipId, goalId, GoalField.Title, current.Value!.Summary.Title, edit.Value, context.RequestAborted);
            return saved.Error switch
            {
                null when saved.Value!.Saved => Results.NoContent(),
                null => Results.Conflict(),
                { Kind: ErrorKind.NotFound } => Results.NotFound(),
                { Kind: ErrorKind.Forbidden } => Results.Forbid(),
                var error => Results.BadRequest(error.Message),
            };
        }).RequireAuthorization();

        return app;
    }

    public sealed record HeapReport(long HeapBytes, int Circuits, long WorkingSetBytes);

    public sealed record TitleEdit(string Value);

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
