using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>A member in a co-typed text: the partnership it belongs to, and how their caret is labelled and coloured.</summary>
public sealed record CoTextTypist(Guid PartnershipId, string UserId, string DisplayName, string? OrganisationName, string Colour);

/// <summary>
/// Passes each editor's caret to the other editors of the same text as an ephemeral event on the partnership's bus
/// (so it reaches every node; nothing is stored). Only members of the text's partnership may report one, and it goes
/// only to that partnership. Reports come often (every ~120 ms while someone moves), so a positive membership check
/// is reused for <see cref="CheckedFor"/>.
/// </summary>
public sealed class CoTextCaretService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    public static readonly TimeSpan CheckedFor = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(string UserId, Guid TextId), (CoTextTypist Typist, DateTimeOffset Until)> _checked = [];
    private readonly Lock _gate = new();

    /// <summary>The member as others see them in the text; not found for a text of a partnership they are not in.</summary>
    public async Task<Result<CoTextTypist>> TypistAsync(string? userId, Guid textId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return ServiceError.NotFound;
        }

        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_checked.TryGetValue((userId, textId), out var known) && known.Until > now)
            {
                return known.Typist;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var partnershipId = await db.CoTexts.AsNoTracking().Where(t => t.Id == textId).Select(t => (Guid?)t.PartnershipId).FirstOrDefaultAsync(cancellationToken);
        if (partnershipId is not { } partnership || await db.RoleOfAsync(partnership, userId, cancellationToken) is null)
        {
            lock (_gate)
            {
                _checked.Remove((userId, textId));
            }

            return ServiceError.NotFound;
        }

        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, Organisation = u.Organisation != null ? u.Organisation.Name : null })
            .FirstAsync(cancellationToken);
        var typist = new CoTextTypist(partnership, userId, person.DisplayName, person.Organisation, CaretColours.For(userId));
        lock (_gate)
        {
            _checked[(userId, textId)] = (typist, now + CheckedFor);
        }

        return typist;
    }

    /// <summary>The caret (or selection <paramref name="start"/> to <paramref name="end"/>) of the editor <paramref name="clientId"/> at <paramref name="revision"/>.</summary>
    public async Task<Result> ReportAsync(string? userId, Guid textId, string clientId, long revision, int start, int end, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(clientId) || clientId.Length > CoTypingService.ClientIdMaxLength)
        {
            return ServiceError.Invalid("clientId", "The editor's id is missing or too long.");
        }

        if (revision < 0 || start < 0 || end < start || end > TextOperation.MaxTextLength)
        {
            return ServiceError.Invalid("caret", "The caret is outside the text.");
        }

        var typist = await TypistAsync(userId, textId, cancellationToken);
        if (!typist.Succeeded)
        {
            return typist.Error!;
        }

        var t = typist.Value!;
        await events.PublishAsync(new CoTextCaretMoved(t.PartnershipId, t.UserId, textId, clientId, t.DisplayName, t.OrganisationName, t.Colour, revision, start, end), cancellationToken);
        return Result.Ok();
    }

    /// <summary>The editor <paramref name="clientId"/> closed: the others stop showing its caret.</summary>
    public async Task<Result> LeaveAsync(string? userId, Guid textId, string clientId, CancellationToken cancellationToken = default)
    {
        var typist = await TypistAsync(userId, textId, cancellationToken);
        if (!typist.Succeeded)
        {
            return typist.Error!;
        }

        await events.PublishAsync(new CoTextCaretLeft(typist.Value!.PartnershipId, userId, textId, clientId), cancellationToken);
        return Result.Ok();
    }
}
