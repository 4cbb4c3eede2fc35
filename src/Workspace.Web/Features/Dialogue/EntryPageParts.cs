using Microsoft.AspNetCore.Components;
using Workspace.Web.Components.Common;
using Workspace.Web.Features.Members;

namespace Workspace.Web.Features.Dialogue;

/// <summary>
/// The entry page's side of its parts: made once per page, so it never counts as a change to a part, and
/// every part's button reaches the page (which saves, updates its state and renders).
/// </summary>
public sealed class EntryPageActions
{
    /// <summary>Adds the viewer's reaction with this emoji, or takes it back.</summary>
    public required EventCallback<string> React { get; init; }

    public required EventCallback<Guid> StartEditReply { get; init; }

    /// <summary>What the viewer types into the reply being edited, kept by the page's state.</summary>
    public required EventCallback<string> EditText { get; init; }

    public required EventCallback<IReadOnlyCollection<string>> EditMentions { get; init; }

    public required EventCallback SaveReplyEdit { get; init; }

    public required EventCallback CancelEditReply { get; init; }

    public required EventCallback<Guid> RemoveReply { get; init; }
}

/// <summary>The reactions under an entry, and whether the viewer may react.</summary>
public sealed record ReactionsModel(ValueList<ReactionCount> Reactions, bool CanReact);

/// <summary>The replies of an entry as the viewer sees them, and the one they are editing, if any.</summary>
public sealed record RepliesModel(ValueList<ReplyItem> Replies, ReplyEditModel? Editing)
{
    public int Shown => Replies.Count(r => r.RemovedUtc is null);
}

/// <summary>One reply, with what the viewer may do to it.</summary>
public sealed record ReplyItem(
    Guid Id,
    string AuthorName,
    string? AuthorOrganisationName,
    string Body,
    DateTime CreatedUtc,
    DateTime? EditedUtc,
    DateTime? RemovedUtc,
    string? RemovedByName,
    ValueList<string> MentionedNames,
    bool CanEdit,
    bool CanRemove);

/// <summary>The viewer's edit of one of their replies: what is typed, whom it mentions, and what went wrong.</summary>
public sealed record ReplyEditModel(Guid ReplyId, string Text, ValueList<string> Mentions, string? Error, bool Busy, ValueList<MemberView> Members, string UserId);
