using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Publication;

/// <summary>
/// The proposal of the partnership's public results page and the partners' consent to it. Facilitators
/// edit the proposal; the people of each partner organisation consent or withdraw for it.
/// </summary>
public partial class PublishPage
{
    private PublicationView? _view;

    // What the facilitator typed: kept through errors and live reloads until it is saved.
    private ProposalInput _input = new();
    private bool _inputTouched;
    private ServiceError? _proposeError;
    private string? _consentError;
    private bool _busy;

    [Inject]
    private PublicationService Publication { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task<bool> LoadAsync()
    {
        var loaded = await Publication.GetAsync(UserId, PartnershipId);
        if (!loaded.Succeeded)
        {
            return false;
        }

        Show(loaded.Value!);
        return true;
    }

    protected override async Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (change is not (PublicationChanged or Members.MemberJoined or Members.MemberRemoved or Goals.GoalSaved or Goals.IndicatorSaved or Dialogue.LogEntrySaved))
        {
            return false;
        }

        await LoadAsync();
        return true;
    }

    private void Show(PublicationView view)
    {
        _view = view;
        if (!_inputTouched)
        {
            _input = ProposalInput.From(view.Proposal, view.PartnershipName);
        }
    }

    internal static string NotPublicReason(PublicationView view)
    {
        var waiting = view.Partners.Where(p => p.State != ConsentState.Consented).ToList();
        if (view.Partners.Count == 0)
        {
            return "No member speaks for a partner organisation yet, so nobody can consent and nothing is public.";
        }

        var names = string.Join(", ", waiting.Select(p => p.State == ConsentState.Withdrawn ? $"{p.Name} (withdrew)" : p.Name));
        var joined = waiting.Where(p => p.JoinedAfterProposal).Select(p => p.Name).ToList();
        var newcomers = joined.Count == 0 ? "" : $" {string.Join(", ", joined)} joined the partnership after this proposal, so must consent too.";
        return $"Not public: waiting for {names}.{newcomers}";
    }

    private async Task ProposeAsync()
    {
        var view = _view!;
        _inputTouched = true;
        if (view.Proposal is { } current && _input.DiffersFrom(current) && view.Partners.Any(p => p.State != ConsentState.Awaiting))
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync("Save as a new version?",
                $"Partners consented to version {current.ProposalVersion}. Saving these changes makes version {current.ProposalVersion + 1}: "
                + (view.IsLive ? "the public page is taken down at once and " : "")
                + "nothing is public until every partner organisation consents again.",
                yesText: "Save and ask again", cancelText: "Keep editing");
            if (confirmed != true)
            {
                return;
            }
        }

        _busy = true;
        try
        {
            var result = await Publication.ProposeAsync(UserId, PartnershipId, _input, view.Proposal?.Version ?? 0);
            _proposeError = result.Error;
            if (result.Succeeded)
            {
                _inputTouched = false;
                Show(result.Value!);
                Snackbar.Add("Proposal saved. Each partner organisation is asked to consent.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ConsentAsync()
    {
        var view = _view!;
        await ChangeConsentAsync(() => Publication.ConsentAsync(UserId, PartnershipId, view.Can.ConsentFor!.Value, view.Proposal!.ProposalVersion),
            $"{view.Can.ConsentForName} consented.");
    }

    private async Task WithdrawAsync()
    {
        var view = _view!;
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Withdraw {view.Can.ConsentForName}'s consent?",
            "The public page stops being public at once, for everyone, until your organisation consents again.",
            yesText: "Withdraw consent", cancelText: "Cancel");
        if (confirmed == true)
        {
            await ChangeConsentAsync(() => Publication.WithdrawAsync(UserId, PartnershipId, view.Can.ConsentFor!.Value, view.Proposal!.ProposalVersion),
                "Consent withdrawn. The page is no longer public.");
        }
    }

    private async Task ChangeConsentAsync(Func<Task<Result<PublicationView>>> change, string done)
    {
        _busy = true;
        try
        {
            var result = await change();
            _consentError = result.Error?.Message;
            if (result.Succeeded)
            {
                Show(result.Value!);
                Snackbar.Add(done, Severity.Success);
            }
            else
            {
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
