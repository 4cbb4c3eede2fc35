using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Webhooks;

/// <summary>Facilitators register, test, change and remove the partnership's webhooks and read their delivery log.</summary>
public partial class WebhooksPage
{
    private static readonly WebhookEvents[] Kinds = [WebhookEvents.CheckInRecorded, WebhookEvents.DecisionClosed, WebhookEvents.ActionOverdue];

    private IReadOnlyList<WebhookView>? _hooks;
    private string? _forbidden;
    private WebhookInput _input = new();
    private ServiceError? _error;
    private (string Name, string Secret)? _secret;
    private string? _copied;
    private bool _busy;
    private Guid? _editing;
    private WebhookEvents _editEvents;
    private string? _editError;
    private Guid? _logFor;
    private IReadOnlyList<WebhookLogRow>? _log;

    [Inject]
    private WebhookService Hooks { get; set; } = default!;

    [Inject]
    private WebhookDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override async Task<bool> LoadAsync()
    {
        var result = await Hooks.ListAsync(UserId, PartnershipId);
        if (result.Error is { Kind: ErrorKind.Forbidden } forbidden)
        {
            _forbidden = forbidden.Message;
            return true;
        }

        _hooks = result.Value;
        if (result.Succeeded && _logFor is { } open)
        {
            _log = (await Hooks.LogAsync(UserId, PartnershipId, open)).Value;
        }

        return result.Succeeded;
    }

    // Webhooks are no live topic: the list changes by this page's own actions, which reload it.
    protected override Task<bool> ApplyEventAsync(PartnershipEvent change) => Task.FromResult(false);

    private static WebhookEvents Toggle(WebhookEvents events, WebhookEvents kind, bool on) => on ? events | kind : events & ~kind;

    private static string StatusText(int? statusCode, string? error) =>
        statusCode is { } code ? $"HTTP {code}" : error ?? "no answer";

    private async Task CreateAsync()
    {
        await RunAsync(async () =>
        {
            var result = await Hooks.CreateAsync(UserId, PartnershipId, _input);
            _error = result.Error;
            if (result.Succeeded)
            {
                _secret = (result.Value!.Hook.Name, result.Value.Secret);
                _copied = null;
                _input = new WebhookInput();
                await LoadAsync();
            }
        });
    }

    private async Task CopyAsync()
    {
        var copied = await JS.InvokeAsync<bool>("workspace.copyText", _secret!.Value.Secret);
        _copied = copied ? "Secret copied to the clipboard." : "Could not copy: select the secret and copy it yourself.";
    }

    private void Edit(WebhookView hook)
    {
        _editing = hook.Id;
        _editEvents = hook.Events;
        _editError = null;
    }

    private async Task SaveEventsAsync(WebhookView hook)
    {
        await RunAsync(async () =>
        {
            var result = await Hooks.ChangeEventsAsync(UserId, PartnershipId, hook.Id, _editEvents);
            _editError = result.Error?.Message;
            if (result.Succeeded)
            {
                _editing = null;
                await LoadAsync();
            }
        });
    }

    private async Task SendTestAsync(WebhookView hook)
    {
        await RunAsync(async () =>
        {
            var result = await Hooks.SendTestAsync(UserId, PartnershipId, hook.Id);
            if (!result.Succeeded)
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
                return;
            }

            // Sent from here at once, so the facilitator sees the answer without waiting for the next poll.
            await Dispatcher.SendNowAsync(result.Value);
            _logFor = hook.Id;
            await LoadAsync();
        });
    }

    private async Task RetryAsync(WebhookView hook, WebhookLogRow row)
    {
        await RunAsync(async () =>
        {
            var result = await Hooks.RetryAsync(UserId, PartnershipId, row.DeliveryId);
            if (!result.Succeeded)
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
                return;
            }

            await Dispatcher.SendNowAsync(result.Value);
            _logFor = hook.Id;
            await LoadAsync();
        });
    }

    private async Task ToggleLogAsync(WebhookView hook)
    {
        if (_logFor == hook.Id)
        {
            _logFor = null;
            _log = null;
            return;
        }

        _logFor = hook.Id;
        _log = (await Hooks.LogAsync(UserId, PartnershipId, hook.Id)).Value;
    }

    private async Task RotateAsync(WebhookView hook)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Rotate the secret of “{hook.Name}”?",
            "Deliveries from now on are signed with a new secret: the receiving system must be given it, or it will reject them.",
            yesText: "Rotate", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            var result = await Hooks.RotateSecretAsync(UserId, PartnershipId, hook.Id);
            if (result.Succeeded)
            {
                _secret = (hook.Name, result.Value!);
                _copied = null;
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
            }
        });
    }

    private async Task SetEnabledAsync(WebhookView hook, bool enabled)
    {
        await RunAsync(async () =>
        {
            var result = await Hooks.SetEnabledAsync(UserId, PartnershipId, hook.Id, enabled);
            Snackbar.Add(result.Succeeded ? $"“{hook.Name}” is {(enabled ? "on" : "turned off")}." : result.Error!.Message, result.Succeeded ? Severity.Success : Severity.Error);
            await LoadAsync();
        });
    }

    private async Task DeleteAsync(WebhookView hook)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Delete “{hook.Name}”?",
            "Nothing more is sent to it, and its delivery log goes with it. This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            var result = await Hooks.DeleteAsync(UserId, PartnershipId, hook.Id);
            Snackbar.Add(result.Succeeded ? $"Deleted “{hook.Name}”." : result.Error!.Message, result.Succeeded ? Severity.Success : Severity.Error);
            if (_logFor == hook.Id)
            {
                _logFor = null;
                _log = null;
            }

            await LoadAsync();
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        finally
        {
            _busy = false;
        }
    }
}
