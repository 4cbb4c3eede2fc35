using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Api;

/// <summary>Facilitators create, copy (once) and revoke the partnership's API tokens.</summary>
public partial class ApiTokensPage
{
    private ApiTokensOverview? _overview;
    private string? _forbidden;
    private ApiTokenInput _input = new();
    private DateTime? _expires;
    private DateOnly _today;
    private ServiceError? _error;
    private CreatedApiToken? _created;
    private string? _copied;
    private bool _busy;

    [Inject]
    private ApiTokenService Tokens { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override async Task<bool> LoadAsync()
    {
        _today = DateOnly.FromDateTime(Tokens.UtcNow);
        _expires ??= _today.AddDays(ApiTokenInput.DefaultDays).ToDateTime(TimeOnly.MinValue);
        var result = await Tokens.ListAsync(UserId, PartnershipId);
        if (result.Error is { Kind: ErrorKind.Forbidden } forbidden)
        {
            _forbidden = forbidden.Message;
            return true;
        }

        _overview = result.Value;
        return result.Succeeded;
    }

    // Tokens are no live topic: the list changes only by this page's own actions, which reload it.
    protected override Task<bool> ApplyEventAsync(PartnershipEvent change) => Task.FromResult(false);

    private void Toggle(Guid indicatorId, bool on)
    {
        if (on)
        {
            _input.IndicatorIds.Add(indicatorId);
        }
        else
        {
            _input.IndicatorIds.Remove(indicatorId);
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            _input.ExpiresOn = _expires is { } expires ? DateOnly.FromDateTime(expires) : null;
            var result = await Tokens.CreateAsync(UserId, PartnershipId, _input);
            _error = result.Error;
            if (result.Succeeded)
            {
                _created = result.Value;
                _copied = null;
                _input = new ApiTokenInput();
                _expires = _today.AddDays(ApiTokenInput.DefaultDays).ToDateTime(TimeOnly.MinValue);
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        var copied = await JS.InvokeAsync<bool>("workspace.copyText", _created!.Secret);
        _copied = copied ? "Token copied to the clipboard." : "Could not copy: select the token and copy it yourself.";
    }

    private async Task RevokeAsync(ApiTokenView token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Revoke “{token.Name}”?",
            "Systems using this token get 401 Unauthorized from their next request. This cannot be undone: create a new token to give access again.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Tokens.RevokeAsync(UserId, PartnershipId, token.Id);
            Snackbar.Add(result.Succeeded ? $"Revoked “{token.Name}”." : result.Error!.Message, result.Succeeded ? Severity.Success : Severity.Error);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string StateOf(ApiTokenView token) =>
        token.RevokedUtc is not null ? "Revoked" : token.ExpiresUtc <= Tokens.UtcNow ? "Expired" : "Active";
}
