using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Contributions;

/// <summary>
/// What partners bring: the totals by kind, organisation and sector, and the register itself, kept
/// current as partners record, change and deliver contributions (<see cref="ContributionsState"/>).
/// </summary>
public partial class ContributionsPage
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true };

    private ContributionsState? _state;
    private ContributionFilter _filter = new();
    private bool _busy;

    [Inject]
    private ContributionService Contributions { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task<bool> LoadAsync()
    {
        var loaded = await Contributions.GetAsync(UserId, PartnershipId);
        if (loaded.Value is not { } view)
        {
            return false;
        }

        _state = new ContributionsState(PartnershipId, view);
        return true;
    }

    protected override async Task<bool> ApplyEventAsync(PartnershipEvent change)
    {
        if (_state is null)
        {
            return false;
        }

        if (_state.ChangesChoices(change))
        {
            await ResyncAsync();
            return true;
        }

        return _state.Apply(change);
    }

    protected override async Task ResyncAsync()
    {
        if ((await Contributions.GetAsync(UserId, PartnershipId)).Value is { } view)
        {
            _state?.Resync(view);
        }
    }

    private void Filter(ContributionFilter filter) => _filter = filter;

    private static string Count(int count) => count == 1 ? "1 contribution" : $"{count} contributions";

    private static string Measure(ContributionEntry c) => c.Kind switch
    {
        ContributionKind.Money => $"{c.Currency} {c.Amount?.ToString("#,0.##", CultureInfo.InvariantCulture)}",
        ContributionKind.StaffTime => $"{ContributionTally.FormatDays(c.Days ?? 0)} days",
        _ => "—",
    };

    private static string Period(ContributionEntry c) =>
        $"{c.PeriodStart.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} – {c.PeriodEnd.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";

    private string GoalTitles(ContributionEntry c) =>
        string.Join("; ", c.GoalIds.Select(id => _state!.View.Goals.FirstOrDefault(g => g.Id == id)?.Title).OfType<string>());

    private async Task EditAsync(ContributionEntry? contribution)
    {
        var view = _state!.View;
        var dialog = await Dialogs.ShowAsync<ContributionDialog>(contribution is null ? "Add a contribution" : "Edit contribution",
            new DialogParameters<ContributionDialog>
            {
                { d => d.UserId, UserId }, { d => d.PartnershipId, PartnershipId },
                { d => d.Partners, [.. view.Partners.Where(p => view.Can.MayRecordFor(p.Id))] },
                { d => d.Goals, view.Goals }, { d => d.DefaultCurrency, view.DefaultCurrency }, { d => d.Editing, contribution },
            }, Options);
        if (await dialog.Result is { Canceled: false, Data: ContributionEntry saved })
        {
            _state.Apply(new ContributionChanged(PartnershipId, UserId, saved));
            Snackbar.Add(contribution is null ? "Contribution added." : "Contribution saved.", Severity.Success);
        }
    }

    private async Task MarkDeliveredAsync(ContributionEntry contribution)
    {
        await RunAsync(() => Contributions.MarkDeliveredAsync(UserId, PartnershipId, contribution.Id, contribution.Version,
            DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime)), "Marked delivered today.");
    }

    private async Task RemoveAsync(ContributionEntry contribution)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Remove “{contribution.Description}”?",
            $"It will no longer be counted for {contribution.OrganisationName}. The activity record keeps what it was.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed == true)
        {
            await RunAsync(() => Contributions.RemoveAsync(UserId, PartnershipId, contribution.Id, contribution.Version), "Contribution removed.");
        }
    }

    private async Task RunAsync(Func<Task<Common.Result<ContributionEntry>>> action, string done)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await action();
            if (result.Value is { } saved)
            {
                _state!.Apply(new ContributionChanged(PartnershipId, UserId, saved));
                Snackbar.Add(done, Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
