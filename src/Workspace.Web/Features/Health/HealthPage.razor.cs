using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Health;

/// <summary>
/// The partnership health check: the open round's questionnaire, how many have answered, the results of
/// closed rounds with their trend and where partners see things differently, and a facilitator's controls.
/// </summary>
public partial class HealthPage
{
    private HealthState? _state;
    private IReadOnlyList<MemberView> _members = [];

    // What the person is answering: kept through errors, a failed save and live updates.
    private readonly Dictionary<HealthPrinciple, int?> _scores = [];
    private readonly Dictionary<HealthPrinciple, string> _comments = [];
    private int? _answersFor;
    private ServiceError? _answerError;
    private bool _busy;

    private bool _openAnonymous = true;
    private DateTime? _closesOn;
    private string? _roundError;

    private int? _shownRound;

    // The action being created from a finding.
    private HealthPrinciple? _findingFor;
    private readonly FindingInput _finding = new();
    private ServiceError? _findingError;

    [Inject]
    private HealthService Health { get; set; } = default!;

    [Inject]
    private MemberService MemberList { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private HealthView View => _state!.View;

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    private ClosedRoundView? Shown => View.Rounds.FirstOrDefault(r => r.Number == _shownRound) ?? (View.Rounds.Count > 0 ? View.Rounds[0] : null);

    protected override async Task<bool> LoadAsync()
    {
        var loaded = await Health.GetAsync(UserId, PartnershipId);
        if (loaded.Value is not { } view)
        {
            return false;
        }

        _state = new HealthState(PartnershipId, view);
        if (view.Can.Facilitate)
        {
            _members = (await MemberList.ListAsync(UserId, PartnershipId)).Value ?? [];
        }

        TakeMyAnswers();
        return true;
    }

    protected override Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (_state is null || !_state.Apply(change))
        {
            return Task.FromResult(false);
        }

        TakeMyAnswers();
        return Task.FromResult(true);
    }

    protected override async Task ResyncAsync()
    {
        var loaded = await Health.GetAsync(UserId, PartnershipId);
        if (_state is null || loaded.Value is not { } view)
        {
            return;
        }

        _state.Resync(view);
        if (view.Can.Facilitate)
        {
            _members = (await MemberList.ListAsync(UserId, PartnershipId)).Value ?? [];
        }

        TakeMyAnswers();
    }

    /// <summary>Fills the form with the saved answers when a round is first shown; never over what the person is typing.</summary>
    private void TakeMyAnswers()
    {
        if (View.Open is not { } open || _answersFor == open.Number)
        {
            return;
        }

        _answersFor = open.Number;
        _answerError = null;
        foreach (var principle in Enum.GetValues<HealthPrinciple>())
        {
            var mine = View.MyAnswers.GetValueOrDefault(principle);
            _scores[principle] = mine?.Score;
            _comments[principle] = mine?.Comment ?? "";
        }
    }

    private async Task SaveAnswersAsync()
    {
        if (_busy || View.Open is not { } open)
        {
            return;
        }

        _busy = true;
        try
        {
            var saved = await Health.AnswerAsync(UserId, PartnershipId, open.Number,
                [.. Enum.GetValues<HealthPrinciple>().Select(p => new AnswerInput(p, _scores.GetValueOrDefault(p), _comments.GetValueOrDefault(p)))]);
            _answerError = saved.Error;
            if (saved.Value is { } mine)
            {
                _state!.SetMyAnswers(mine, open.Respondents + (View.MyAnswers.Count == 0 ? 1 : 0));
                foreach (var (principle, answer) in mine)
                {
                    _comments[principle] = answer.Comment;
                }

                Snackbar.Add($"Your answers to round {open.Number} are saved. You can change them until the round closes.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SetCadenceAsync(HealthCadence cadence)
    {
        var set = await Health.SetCadenceAsync(UserId, PartnershipId, cadence);
        if (set.Succeeded)
        {
            _state!.Apply(new HealthCadenceChanged(PartnershipId, UserId, cadence));
        }
        else
        {
            Snackbar.Add(set.Error!.Message, Severity.Error);
        }
    }

    private async Task OpenRoundAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var opened = await Health.OpenRoundAsync(UserId, PartnershipId, _openAnonymous, _closesOn is { } on ? DateOnly.FromDateTime(on) : null);
            _roundError = opened.Error?.For("ClosesOn") ?? opened.Error?.Message;
            if (opened.Value is { } round)
            {
                _state!.Apply(new HealthRoundOpened(PartnershipId, UserId, round));
                TakeMyAnswers();
                _closesOn = null;
                Snackbar.Add($"Round {round.Number} is open. Every member can answer it now.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CloseRoundAsync()
    {
        if (_busy || View.Open is not { } open)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Close round {open.Number}?",
            $"{open.Respondents} of {open.Members} members have answered. Once closed, nobody can answer or change their answers, and the results are shown to every member. This cannot be undone.",
            yesText: $"Close round {open.Number}", cancelText: "Keep it open");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var closed = await Health.CloseRoundAsync(UserId, PartnershipId, open.Number);
            _roundError = closed.Error?.Message;
            if (closed.Value is { } results)
            {
                _state!.Apply(new HealthRoundClosed(PartnershipId, UserId, results));
                _shownRound = results.Number;
                Snackbar.Add($"Round {results.Number} is closed; its results are below.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void StartFinding(int round, HealthPrinciple principle)
    {
        _findingFor = principle;
        _finding.Round = round;
        _finding.Principle = principle;
        _finding.Title = HealthService.SuggestedTitle(round, principle);
        _finding.AssigneeUserId = null;
        _finding.DueDate = Today.AddDays(30);
        _findingError = null;
    }

    private async Task CreateFindingAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var created = await Health.CreateActionAsync(UserId, PartnershipId, _finding);
            _findingError = created.Error;
            if (created.Value is { } finding)
            {
                _state!.Apply(new HealthFindingCreated(PartnershipId, UserId, finding));
                _findingFor = null;
                Snackbar.Add("The action is in the log.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private string? FindingField(string field) => _findingError?.For(field) ?? (field == "Title" && _findingError?.FieldErrors is null ? _findingError?.Message : null);
}
