using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Mvc;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Workshops;

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

        // The processor time the app has used so far and its garbage collections (no collection is
        // forced), to measure CPU and collections per edit.
        bench.MapGet("/cpu", () =>
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new
            {
                CpuMilliseconds = process.TotalProcessorTime.TotalMilliseconds,
                Gen0Collections = GC.CollectionCount(0),
                Gen1Collections = GC.CollectionCount(1),
                Gen2Collections = GC.CollectionCount(2),
                GcPauseMilliseconds = GC.GetTotalPauseDuration().TotalMilliseconds,
                AllocatedBytes = GC.GetTotalAllocatedBytes(),
            });
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

        // POST ?title=…: records a new decision in the log as the signed-in person through LogService
        // (authorize, validate, save, history row, publish); it heads the dashboard's "Recent decisions".
        bench.MapPost("/log/{partnershipId:guid}/decisions", async (
            Guid partnershipId, [FromQuery] string title, HttpContext context, LogService log) =>
        {
            var userId = context.User.GetUserId();
            if (userId is null)
            {
                return Results.Unauthorized();
            }

            var posted = await log.PostAsync(userId, partnershipId, new EntryInput { Kind = EntryKind.Decision, Title = title }, context.RequestAborted);
            return ToResult(posted.Error);
        }).RequireAuthorization();

        // POST: a live workshop of the partnership whose current agenda item shows everyone's ideas, as the
        // signed-in facilitator through WorkshopService: the live one if there is one, else the next planned one
        // (started), else a new one; when the current item keeps ideas private, the first open item (added
        // if none) becomes current. Answers the workshop and the item.
        bench.MapPost("/workshops/{partnershipId:guid}/live", async (
            Guid partnershipId, HttpContext context, WorkshopService workshops, TimeProvider clock) =>
        {
            var userId = context.User.GetUserId();
            if (userId is null)
            {
                return Results.Unauthorized();
            }

            var live = await LiveWorkshopAsync(workshops, clock, userId, partnershipId, context.RequestAborted);
            return live.Error is null ? Results.Json(live.Value) : ToResult(live.Error);
        }).RequireAuthorization();

        // POST ?text=…: adds an idea to an agenda item of a live workshop as the signed-in person through
        // IdeaService (authorize, validate, save, publish to everyone in the workshop).
        bench.MapPost("/workshops/{partnershipId:guid}/{workshopId:guid}/items/{itemId:guid}/ideas", async (
            Guid partnershipId, Guid workshopId, Guid itemId, [FromQuery] string text, HttpContext context, IdeaService ideas) =>
        {
            var userId = context.User.GetUserId();
            if (userId is null)
            {
                return Results.Unauthorized();
            }

            var added = await ideas.AddIdeaAsync(userId, partnershipId, workshopId, itemId, text, context.RequestAborted);
            return ToResult(added.Error);
        }).RequireAuthorization();

        return app;
    }

    private static IResult ToResult(ServiceError? error) => error switch
    {
        null => Results.NoContent(),
        { Kind: ErrorKind.NotFound } => Results.NotFound(),
        { Kind: ErrorKind.Forbidden } => Results.Forbid(),
        { Kind: ErrorKind.Conflict } => Results.Conflict(error.Message),
        _ => Results.BadRequest(error.Message),
    };

    private static async Task<Result<LiveWorkshop>> LiveWorkshopAsync(WorkshopService workshops, TimeProvider clock, string userId, Guid partnershipId, CancellationToken cancellationToken)
    {
        var list = await workshops.ListAsync(userId, partnershipId, cancellationToken);
        if (!list.Succeeded)
        {
            return list.Error!;
        }

        var workshopId = list.Value!.FirstOrDefault(w => w.State == WorkshopState.Live)?.Id;
        if (workshopId is null)
        {
            var planned = list.Value!.FirstOrDefault(w => w.State == WorkshopState.Planned && w.ItemCount > 0)?.Id;
            if (planned is null)
            {
                var created = await workshops.CreateAsync(userId, partnershipId, new WorkshopInput
                {
                    Title = "Bench workshop",
                    Description = "Opened by the load generator.",
                    StartsUtc = clock.GetUtcNow().UtcDateTime,
                }, cancellationToken);
                if (!created.Succeeded)
                {
                    return created.Error!;
                }

                var item = await workshops.AddItemAsync(userId, partnershipId, created.Value!.Id,
                    new AgendaItemInput { Title = "Ideas", TimeBoxMinutes = 30 }, cancellationToken);
                if (!item.Succeeded)
                {
                    return item.Error!;
                }

                planned = created.Value!.Id;
            }

            var started = await workshops.StartAsync(userId, partnershipId, planned.Value, cancellationToken);
            if (!started.Succeeded)
            {
                return started.Error!;
            }

            workshopId = planned;
        }

        var detail = await workshops.GetAsync(userId, partnershipId, workshopId.Value, cancellationToken);
        if (!detail.Succeeded)
        {
            return detail.Error!;
        }

        var run = detail.Value!.Run;
        if (run.CurrentItem is { IdeasHidden: false } current)
        {
            return new LiveWorkshop(run.Id, current.Id);
        }

        var open = run.Items.FirstOrDefault(i => !i.IdeasHidden)?.Id;
        if (open is null)
        {
            var added = await workshops.AddItemAsync(userId, partnershipId, run.Id,
                new AgendaItemInput { Title = "Open ideas", TimeBoxMinutes = 30 }, cancellationToken);
            if (!added.Succeeded)
            {
                return added.Error!;
            }

            open = added.Value!.Items.First(i => !i.IdeasHidden && run.Items.All(known => known.Id != i.Id)).Id;
        }

        var moved = await workshops.GoToItemAsync(userId, partnershipId, run.Id, open.Value, cancellationToken);
        return moved.Succeeded ? new LiveWorkshop(run.Id, open.Value) : moved.Error!;
    }

    public sealed record LiveWorkshop(Guid WorkshopId, Guid ItemId);

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
