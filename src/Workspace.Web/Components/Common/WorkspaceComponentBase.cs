using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Data;

namespace Workspace.Web.Components.Common;

/// <summary>
/// The base of every component under Features/ (set in its _Imports.razor). It handles UI events as
/// <see cref="ComponentBase"/> does, except that an event whose handler fails because the database is
/// busy (<see cref="StorageFaults"/>) ends in a calm message instead of an unhandled error that would
/// end the circuit. Handlers change their fields only once a save succeeded, so what the person typed
/// is still in the form for them to try again.
/// </summary>
public abstract class WorkspaceComponentBase : ComponentBase, IHandleEvent
{
    // Resolved only when needed, so component tests that never meet a busy database need no snackbar.
    [Inject]
    private IServiceProvider FaultServices { get; set; } = default!;

    // ComponentBase's own handling (a render after the synchronous part, another once the task ends),
    // with one difference: a busy database ends in a message, not in an error that closes the circuit.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        var task = callback.InvokeAsync(arg);
        var shouldAwaitTask = task.Status is not TaskStatus.RanToCompletion and not TaskStatus.Canceled;
        RenderAfterOwnEvent();
        return shouldAwaitTask ? RenderOnCompletionAsync(task) : Task.CompletedTask;
    }

    private async Task RenderOnCompletionAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException) when (task.IsCanceled)
        {
            return;
        }
        catch (Exception fault) when (StorageFaults.IsBusy(fault))
        {
            ReportStorageBusy(fault);
        }

        RenderAfterOwnEvent();
    }

    /// <summary>Renders after one of this component's own UI events (a click, a keystroke), which may change what it shows.</summary>
    private protected virtual void RenderAfterOwnEvent() => StateHasChanged();

    /// <summary>Tells the person their change was not saved because the database is busy, and logs it.</summary>
    protected void ReportStorageBusy(Exception fault)
    {
        FaultServices.GetService<ILoggerFactory>()?.CreateLogger(GetType())
            .LogWarning(fault, "A save found the database busy; the person was asked to try again.");
        FaultServices.GetService<ISnackbar>()?.Add(StorageFaults.Message, Severity.Warning, options => options.VisibleStateDuration = 10_000);
    }
}
