using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Workshops;

/// <summary>What the parts' buttons do: each saves through the service, then updates the state with the result.</summary>
public sealed partial class WorkshopPage
{
    /// <summary>The parts' way back to this page: one instance for as long as the partnership stays the same.</summary>
    private WorkshopActions Actions =>
        _actions is { } actions && actions.Ideas.PartnershipId == PartnershipId ? actions : _actions = new WorkshopActions
        {
            Ideas = new IdeaCardActions(PartnershipId, EventCallback.Factory.Create<IdeaCommand>(this, OnIdeaCommandAsync)),
            Start = EventCallback.Factory.Create(this, StartAsync),
            End = EventCallback.Factory.Create(this, EndAsync),
            EditDetails = EventCallback.Factory.Create(this, EditWorkshopAsync),
            CancelWorkshop = EventCallback.Factory.Create(this, CancelWorkshopAsync),
            EditItem = EventCallback.Factory.Create<AgendaItemView?>(this, EditItemAsync),
            RemoveItem = EventCallback.Factory.Create<AgendaItemView>(this, RemoveItemAsync),
            MoveItem = EventCallback.Factory.Create<(AgendaItemView Item, int Direction)>(this, move =>
                RunAsync(() => Workshops.MoveItemAsync(UserId, PartnershipId, WorkshopId, move.Item.Id, move.Direction))),
            SelectItem = EventCallback.Factory.Create<AgendaItemView>(this, SelectItem),
            FollowFacilitator = EventCallback.Factory.Create(this, () => _state!.FollowFacilitator()),
            BringEveryone = EventCallback.Factory.Create(this, () => RunAsync(() => Workshops.BringEveryoneAsync(UserId, PartnershipId, WorkshopId))),
            FocusGoal = EventCallback.Factory.Create<Guid?>(this, goalId => RunAsync(() => Workshops.FocusGoalAsync(UserId, PartnershipId, WorkshopId, goalId))),
            RevealIdeas = EventCallback.Factory.Create<AgendaItemView>(this, item => RunAsync(() => Ideas.RevealIdeasAsync(UserId, PartnershipId, WorkshopId, item.Id))),
            MakeIdeasPrivate = EventCallback.Factory.Create<AgendaItemView>(this, item =>
                RunAsync(() => Ideas.SetIdeasPrivateAsync(UserId, PartnershipId, WorkshopId, item.Id, true))),
            OpenVote = EventCallback.Factory.Create<AgendaItemView>(this, OpenVoteAsync),
            CloseVote = EventCallback.Factory.Create<AgendaItemView>(this, item => RunAsync(() => Voting.CloseDotVoteAsync(UserId, PartnershipId, WorkshopId, item.Id))),
            RevealVotes = EventCallback.Factory.Create<AgendaItemView>(this, item => RunAsync(() => Voting.RevealDotVotesAsync(UserId, PartnershipId, WorkshopId, item.Id))),
            NewPoll = EventCallback.Factory.Create<AgendaItemView>(this, NewPollAsync),
            PollVoted = EventCallback.Factory.Create<(Guid PollId, IReadOnlyList<Guid> Choices)>(this, vote => _state!.PollVoted(vote.PollId, vote.Choices)),
            Timer = EventCallback.Factory.Create<TimerCommand>(this, command => RunAsync(() => Workshops.TimerAsync(UserId, PartnershipId, WorkshopId, command))),
            Extend = EventCallback.Factory.Create<int>(this, minutes => RunAsync(() => Workshops.ExtendTimerAsync(UserId, PartnershipId, WorkshopId, minutes))),
            IdeaText = EventCallback.Factory.Create<string>(this, text => _state!.SetIdeaText(text)),
            AddIdea = EventCallback.Factory.Create<Guid>(this, AddIdeaAsync),
        };

    private Task SelectItem(AgendaItemView item)
    {
        if (_state!.IsFacilitator)
        {
            return RunAsync(() => Workshops.GoToItemAsync(UserId, PartnershipId, WorkshopId, item.Id));
        }

        _state.View(item);
        return Task.CompletedTask;
    }

    private Task OnIdeaCommandAsync(IdeaCommand command) => command.Kind switch
    {
        IdeaCommandKind.PlaceDot => DotAsync(command.Idea, add: true),
        IdeaCommandKind.TakeBackDot => DotAsync(command.Idea, add: false),
        IdeaCommandKind.RecordDecision => CaptureAsync(command.Idea, EntryKind.Decision),
        IdeaCommandKind.RecordAction => CaptureAsync(command.Idea, EntryKind.Action),
        IdeaCommandKind.Group => GroupAsync(command.Idea),
        IdeaCommandKind.Remove => RemoveIdeaAsync(command.Idea),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Not a command of an idea card."),
    };

    private async Task OpenVoteAsync(AgendaItemView item)
    {
        var dialog = await Dialogs.ShowAsync<DotVoteDialog>("Dot vote on ideas", new DialogParameters<DotVoteDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.Item, item },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkshopRunView run })
        {
            _state!.SetRun(run);
        }
    }

    private async Task NewPollAsync(AgendaItemView item)
    {
        var dialog = await Dialogs.ShowAsync<PollDialog>("New poll", new DialogParameters<PollDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.ItemId, item.Id },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: PollView poll })
        {
            _state!.PollAdded(poll);
        }
    }

    private async Task AddIdeaAsync(Guid itemId)
    {
        if (_state!.Busy)
        {
            return;
        }

        _state.SetBusy(true);
        try
        {
            var result = await Ideas.AddIdeaAsync(UserId, PartnershipId, WorkshopId, itemId, _state.IdeaText ?? "");
            _state.IdeaAdded(result.Value, result.Error?.For("Text") ?? result.Error?.Message);
        }
        finally
        {
            _state.SetBusy(false);
        }
    }

    private async Task DotAsync(IdeaView idea, bool add)
    {
        if (_state!.Busy)
        {
            return;
        }

        _state.SetBusy(true);
        try
        {
            var result = await Voting.DotVoteAsync(UserId, PartnershipId, WorkshopId, idea.Id, add);
            if (result.Succeeded)
            {
                _state.MyDotsChanged(idea.Id, result.Value);
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Warning);
                await ReloadAsync();
            }
        }
        finally
        {
            _state.SetBusy(false);
        }
    }

    private async Task CaptureAsync(IdeaView idea, EntryKind kind)
    {
        var dialog = await Dialogs.ShowAsync<CaptureDialog>(kind == EntryKind.Decision ? "Record as a decision" : "Record as an action", new DialogParameters<CaptureDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.Idea, idea },
            { d => d.Kind, kind },
            { d => d.Members, _state!.Members.Where(m => m.Role >= PartnershipRole.Contributor).OrderBy(m => m.DisplayName, StringComparer.CurrentCulture).ToList() },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: LogEntryView entry })
        {
            Snackbar.Add($"Recorded in the dialogue log as {(entry.Kind == EntryKind.Action ? "an action" : "a decision")}.", Severity.Success);
        }
    }

    private async Task GroupAsync(IdeaView idea)
    {
        var dialog = await Dialogs.ShowAsync<GroupDialog>("Put in a group", new DialogParameters<GroupDialog>
        {
            { d => d.Idea, idea },
            { d => d.Groups, [.. _state!.GroupsOf(idea.ItemId)] },
        }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string group })
        {
            var result = await Ideas.GroupIdeaAsync(UserId, PartnershipId, WorkshopId, idea.Id, group);
            _error = result.Error?.Message;
        }
    }

    private async Task RemoveIdeaAsync(IdeaView idea)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove this idea?", $"“{IdeaCard.Short(idea.Text)}” and its dots are removed for everyone.",
            yesText: "Remove idea", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        var result = await Ideas.RemoveIdeaAsync(UserId, PartnershipId, WorkshopId, idea.Id);
        _error = result.Error?.Message;
        if (result.Succeeded)
        {
            _state!.IdeaRemoved(idea);
        }
    }

    private async Task StartAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Start the workshop now?",
            "Everyone who opens it joins, the first agenda item begins and its timer starts.", yesText: "Start workshop", cancelText: "Not yet");
        if (confirmed == true)
        {
            await RunAsync(() => Workshops.StartAsync(UserId, PartnershipId, WorkshopId));
            await JoinIfLiveAsync();
            await RefreshEquityAsync();
        }
    }

    private async Task EndAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("End the workshop?",
            "Ideas and votes close for everyone, and the minutes (attendance, agenda with actual times, ideas, votes, decisions and actions) are written into the dialogue log.",
            yesText: "End and write minutes", cancelText: "Keep going");
        if (confirmed == true)
        {
            await RunAsync(() => Workshops.EndAsync(UserId, PartnershipId, WorkshopId));
            await ReloadAsync();
        }
    }

    private async Task EditWorkshopAsync()
    {
        var dialog = await Dialogs.ShowAsync<WorkshopDialog>("Edit the workshop", new DialogParameters<WorkshopDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.Existing, _state!.Run },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task CancelWorkshopAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel this workshop?",
            "The workshop and its agenda are deleted for everyone. This cannot be undone.", yesText: "Cancel workshop", cancelText: "Keep it");
        if (confirmed != true)
        {
            return;
        }

        var result = await Workshops.DeleteAsync(UserId, PartnershipId, WorkshopId);
        if (result.Succeeded)
        {
            Snackbar.Add("Workshop cancelled.", Severity.Success);
            Navigation.NavigateTo($"p/{PartnershipId}/workshops");
        }
        else
        {
            _error = result.Error!.Message;
        }
    }

    private async Task EditItemAsync(AgendaItemView? item)
    {
        var dialog = await Dialogs.ShowAsync<AgendaItemDialog>(item is null ? "Add an agenda item" : "Edit the agenda item", new DialogParameters<AgendaItemDialog>
        {
            { d => d.UserId, UserId },
            { d => d.PartnershipId, PartnershipId },
            { d => d.WorkshopId, WorkshopId },
            { d => d.Existing, item },
            { d => d.Goals, _state!.Goals },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkshopRunView run })
        {
            _state!.SetRun(run);
        }
    }

    private async Task RemoveItemAsync(AgendaItemView item)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Remove “{item.Title}”?", "The item is taken off the agenda.", yesText: "Remove item", cancelText: "Keep it");
        if (confirmed == true)
        {
            await RunAsync(() => Workshops.RemoveItemAsync(UserId, PartnershipId, WorkshopId, item.Id));
        }
    }

    /// <summary>A command that returns the run: the page shows its result (or why it failed) at once, before the event arrives.</summary>
    private async Task RunAsync(Func<Task<Common.Result<WorkshopRunView>>> call)
    {
        if (_state!.Busy)
        {
            return;
        }

        _state.SetBusy(true);
        try
        {
            var result = await call();
            _error = result.Error?.Message;
            if (result.Succeeded)
            {
                _state.SetRun(result.Value!);
            }
        }
        finally
        {
            _state.SetBusy(false);
            StateHasChanged();
        }
    }
}
