using Microsoft.AspNetCore.Components;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>The editor tells its person, politely, when a saved version replaced the text under them (a restore from the history).</summary>
public sealed partial class CoTextEditor
{
    private string? _notice;

    /// <summary>Who replaced the text with a saved version, e.g. "Priya Shah restored an earlier version."; null until someone does.</summary>
    public string? Notice => _notice;

    /// <summary>A field save reached the text: the operation itself arrives like any other, this only says who and why.</summary>
    private async Task NoteFieldSaveAsync(PartnershipEvent change)
    {
        if (change is not CoTextChanged { ClientId: CoTypingService.FieldSaveClient } saved || saved.TextId != _textId || _disposed)
        {
            return;
        }

        var who = saved.ActorUserId == UserId ? "You"
            : saved.ActorUserId is { Length: > 0 } actor && (await Carets.TypistAsync(actor, saved.TextId, _closing.Token)).Value is { } typist ? typist.DisplayName
            : "Someone";
        _notice = $"{who} restored an earlier version.";
        StateHasChanged();
    }

    /// <summary>The person has read the notice: it goes, and typing goes on where it was.</summary>
    private async Task DismissNoticeAsync()
    {
        _notice = null;
        if (_ready)
        {
            await _textarea.FocusAsync();
        }
    }
}
