using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Agreement;

/// <summary>
/// The partnering agreement: its sections as partners are writing them, where each partner's sign-off
/// stands, what made the current version out of date, and its versions with what changed between them.
/// </summary>
public partial class AgreementPage
{
    private AgreementPageState? _state;

    // Opens the co-typed text of the section being edited; made once per Edit, so the editor is not re-opened on render.
    private Func<CancellationToken, Task<Result<CoTextState>>>? _openSection;
    private Task? _typedRead;
    private bool _busy;

    private string _signerRole = "";
    private string? _signError;

    private bool _issueOpen;
    private string _issueNote = "";
    private string? _issueError;

    private int? _compareFrom;
    private int? _compareTo;
    private VersionComparison? _comparison;

    [Inject]
    private AgreementService Agreement { get; set; } = default!;

    [Inject]
    private CoTypingService CoTyping { get; set; } = default!;

    [Inject]
    private ProfileService Profiles { get; set; } = default!;

    [Inject]
    private MarkdownRenderer Markdown { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task<bool> LoadAsync()
    {
        var loaded = await Agreement.GetAsync(UserId, PartnershipId);
        if (!loaded.Succeeded)
        {
            return false;
        }

        _state = new AgreementPageState(PartnershipId, UserId, loaded.Value!);
        if (_signerRole.Length == 0 && (await Profiles.GetAsync(UserId))?.JobTitle is { Length: > 0 } jobTitle)
        {
            _signerRole = jobTitle;
        }

        DefaultComparison();
        return true;
    }

    private AgreementView? View => _state?.View;

    private AgreementSectionKind? Editing => _state?.Editing;

    // My own saves reload when they finish; my other tabs and everyone else reload here.
    protected override async Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (_state is null || !_state.Affects(change, savingMine: _busy))
        {
            ReadIfTyped();
            return false;
        }

        await ReloadAsync();
        return true;
    }

    protected override Task ResyncAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        if (_state is null)
        {
            return;
        }

        var read = _state.ReadStarts();
        if ((await Agreement.GetAsync(UserId, PartnershipId)).Value is { } view && _state.Resync(view, read))
        {
            DefaultComparison();
        }
    }

    private void DefaultComparison()
    {
        if (View is { Versions.Count: >= 2 } && _compareFrom is null)
        {
            _compareFrom = View.Versions[1].Number;
            _compareTo = View.Versions[0].Number;
        }
    }

    private void StartEdit(SectionView section)
    {
        var kind = section.Kind;
        _openSection = cancellationToken => CoTyping.OpenAgreementSectionAsync(UserId, PartnershipId, kind, cancellationToken);
        _state!.StartEdit(kind);
    }

    /// <summary>Every keystroke is already saved: Done closes the editor and shows the section as everyone sees it.</summary>
    private async Task EditDoneAsync()
    {
        _state!.StopEdit();
        _openSection = null;
        await ReloadAsync();
    }

    /// <summary>
    /// Reads the agreement again after typing in a section, one read at a time: operations arriving during a read
    /// make one more read, not one each.
    /// </summary>
    private void ReadIfTyped()
    {
        if (_state is not { TypedMeanwhile: true } || _typedRead is { IsCompleted: false })
        {
            return;
        }

        _typedRead = ReadTypedAsync();
    }

    private async Task ReadTypedAsync()
    {
        try
        {
            while (_state!.TypedMeanwhile)
            {
                _state.Reading();
                await ReloadAsync();
                StateHasChanged();
            }
        }
#pragma warning disable CA1031 // A failed live read belongs to this circuit; the next event or reconnect reads again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task SignAsync()
    {
        if (_busy || View?.Current is not { } current || View.Can.SignForName is not { } organisation)
        {
            return;
        }

        var reconfirming = View.Partners.Any(p => p.OrganisationId == View.Can.SignFor && p.State == SignOffState.ToReconfirm);
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            reconfirming ? $"Re-confirm version {current.Number}?" : $"Sign version {current.Number}?",
            $"You confirm, as {(_signerRole.Trim().Length > 0 ? _signerRole.Trim() : "a representative")} of {organisation}, that {organisation} agrees to version {current.Number} of this partnering agreement. Every partner will see your name, role and the date.",
            yesText: reconfirming ? "Re-confirm" : "Sign", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var signed = await Agreement.SignAsync(UserId, PartnershipId, current.Number, _signerRole);
            _signError = signed.Error?.For("SignerRole") ?? signed.Error?.Message;
            if (signed.Succeeded)
            {
                Snackbar.Add($"{organisation} {(reconfirming ? "re-confirmed" : "signed")} version {current.Number}.", Severity.Success);
            }

            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private void OpenIssue()
    {
        _issueOpen = true;
        _issueError = null;
    }

    private async Task IssueAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var issued = await Agreement.IssueAsync(UserId, PartnershipId, _issueNote);
            _issueError = issued.Error?.For("Note") ?? issued.Error?.For("Sections") ?? issued.Error?.Message;
            if (issued.Succeeded)
            {
                _issueOpen = false;
                _issueNote = "";
                _compareFrom = null;
                Snackbar.Add($"Version {issued.Value!.Number} issued. Each partner organisation can now sign it.", Severity.Success);
            }

            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CompareAsync()
    {
        if (_compareFrom is not { } from)
        {
            return;
        }

        var compared = await Agreement.CompareAsync(UserId, PartnershipId, from, _compareTo == 0 ? null : _compareTo);
        _comparison = compared.Value;
    }

    private static string StateText(PartnerSignOff partner, int current) => partner.State switch
    {
        SignOffState.UpToDate => $"Signed version {current}",
        SignOffState.ToReconfirm => $"Signed version {current}, to re-confirm",
        SignOffState.EarlierVersion => $"Signed version {partner.SignedVersion} only",
        _ => "Not signed yet",
    };

    private static Color StateColor(SignOffState state) => state switch
    {
        SignOffState.UpToDate => Color.Success,
        SignOffState.ToReconfirm or SignOffState.EarlierVersion => Color.Warning,
        _ => Color.Default,
    };
}
