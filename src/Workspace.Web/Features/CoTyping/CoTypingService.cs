using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.CoTyping;

/// <summary>A co-typed text as an editor opens it, with what it belongs to and whether the reader may type into it now.</summary>
public sealed record CoTextState(Guid TextId, string Text, long Revision)
{
    public string OwnerKind { get; init; } = "";

    public Guid OwnerId { get; init; }

    /// <summary>The owner's limit for the stored (Markdown) text; an operation beyond it is refused.</summary>
    public int MaxLength { get; init; }

    public bool CanType { get; init; }

    /// <summary>Why the reader may not type (an observer, a workshop not started yet); null when they may.</summary>
    public string? WhyNotType { get; init; }
}

/// <summary>The server's answer to a submitted operation: the revision it became and the form it was applied in.</summary>
public sealed record CoTextAck(long Revision, string Operation, bool WasResent);

/// <summary>A text a person may read: its partnership and its latest revision.</summary>
public sealed record CoTextReadable(Guid PartnershipId, long Revision);

/// <summary>One applied operation, for catching up after a gap or a reconnect.</summary>
public sealed record CoTextOperationView(long Revision, string Operation, string AuthorUserId, string ClientId, long ClientSeq);

/// <summary>
/// Another operation was applied to a co-typed text; viewers at the previous revision apply it. The owner (kind and id,
/// e.g. a goal's description) lets pages that only show the text know it changed.
/// </summary>
public sealed record CoTextChanged(
    Guid PartnershipId, string? ActorUserId, Guid TextId, string OwnerKind, Guid OwnerId, long Revision, string Operation, string ClientId, long ClientSeq)
    : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>
/// Server-authoritative operational transformation for long texts: each received operation is transformed over
/// the operations applied since its base revision, applied, and saved with the new text and the owner's column in
/// one transaction. A run of typing (one person's or several people's at once), ended by a pause of everyone, becomes one
/// revision in the owner's history. What differs by owner (a goal's description, an agreement section, a workshop's
/// shared notes) is in <see cref="CoTextOwners"/>.
/// </summary>
public sealed partial class CoTypingService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    public const int ClientIdMaxLength = 64;

    /// <summary>A pause this long, by everyone typing in the text, ends the run: the next operation starts a new history revision.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(10);

    /// <summary>The client id of operations that bring the text in step with a value saved through the field path (a restore).</summary>
    public const string FieldSaveClient = "field-save";

    private const int MaxAttempts = 10;

    private const int CatchUpPage = 500;

    /// <summary>The goal's description as a co-typed text, created from the stored description on first use.</summary>
    public Task<Result<CoTextState>> OpenGoalDescriptionAsync(string? userId, Guid partnershipId, Guid goalId, CancellationToken cancellationToken = default) =>
        OpenAsync(userId, partnershipId, CoText.GoalDescription, goalId, cancellationToken);

    /// <summary>A section of the partnering agreement as a co-typed text, created from the section's working text on first use.</summary>
    public Task<Result<CoTextState>> OpenAgreementSectionAsync(string? userId, Guid partnershipId, AgreementSectionKind kind, CancellationToken cancellationToken = default) =>
        OpenAsync(userId, partnershipId, CoText.AgreementSection(kind), partnershipId, cancellationToken);

    /// <summary>A workshop's shared notes as a co-typed text, created from the stored notes on first use.</summary>
    public Task<Result<CoTextState>> OpenWorkshopNotesAsync(string? userId, Guid partnershipId, Guid workshopId, CancellationToken cancellationToken = default) =>
        OpenAsync(userId, partnershipId, CoText.WorkshopNotes, workshopId, cancellationToken);

    /// <summary>
    /// The text of an owner (<see cref="CoText.OwnerKind"/> and id) for any member, created on first use; it says whether
    /// the caller may type into it now, and if not, why. A field save since the last operation is taken in first.
    /// </summary>
    public async Task<Result<CoTextState>> OpenAsync(string? userId, Guid partnershipId, string ownerKind, Guid ownerId, CancellationToken cancellationToken = default)
    {
        if (CoTextOwners.For(ownerKind) is not { } owner)
        {
            return ServiceError.NotFound;
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
            {
                return ServiceError.NotFound;
            }

            if (await owner.FindAsync(db, partnershipId, ownerKind, ownerId, cancellationToken) is not { } target)
            {
                return ServiceError.NotFound;
            }

            var text = await db.CoTexts.FirstOrDefaultAsync(t => t.OwnerKind == ownerKind && t.OwnerId == ownerId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            if (text is null)
            {
                text = new CoText { Id = Guid.NewGuid(), PartnershipId = partnershipId, OwnerKind = ownerKind, OwnerId = ownerId, Text = target.Stored };
                db.CoTexts.Add(text);
            }
            else
            {
                if (text.RunUserId is not null && now - text.RunLastUtc > Pause)
                {
                    await CloseRunAsync(db, text, target);
                }

                await AdoptFieldSaveAsync(db, text, target, now);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Opened by someone else at the same instant, or typed into meanwhile: read it again.
                continue;
            }

            return await StateAsync(db, text, target, userId, cancellationToken);
        }
    }

    /// <summary>The text and its revision, for an editor (re)opening it.</summary>
    public async Task<Result<CoTextState>> LoadAsync(string? userId, Guid textId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var text = await db.CoTexts.AsNoTracking().FirstOrDefaultAsync(t => t.Id == textId, cancellationToken);
        if (text is null || await db.RoleOfAsync(text.PartnershipId, userId, cancellationToken) is null
            || await FindOwnerAsync(db, text, cancellationToken) is not { } target)
        {
            return ServiceError.NotFound;
        }

        return await StateAsync(db, text, target, userId, cancellationToken);
    }

    /// <summary>
    /// The text's partnership and latest revision when the person may read it (a member of its partnership), for an
    /// editor's page joining its operations; not found otherwise, whether the text exists or not.
    /// </summary>
    public async Task<Result<CoTextReadable>> ReadableAsync(string? userId, Guid textId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var text = await db.CoTexts.AsNoTracking().Where(t => t.Id == textId)
            .Select(t => new CoTextReadable(t.PartnershipId, t.Revision)).FirstOrDefaultAsync(cancellationToken);
        if (text is null || await db.RoleOfAsync(text.PartnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        return text;
    }

    /// <summary>The operations applied after <paramref name="revision"/>, oldest first (at most one page; ask again from the last).</summary>
    public async Task<Result<IReadOnlyList<CoTextOperationView>>> OperationsSinceAsync(string? userId, Guid textId, long revision, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var partnershipId = await db.CoTexts.Where(t => t.Id == textId).Select(t => (Guid?)t.PartnershipId).FirstOrDefaultAsync(cancellationToken);
        if (partnershipId is null || await db.RoleOfAsync(partnershipId.Value, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        var operations = await db.CoTextOperations.AsNoTracking()
            .Where(o => o.CoTextId == textId && o.Revision > revision)
            .OrderBy(o => o.Revision)
            .Take(CatchUpPage)
            .Select(o => new CoTextOperationView(o.Revision, o.Operation, o.AuthorUserId, o.ClientId, o.ClientSeq))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<CoTextOperationView>>.Ok(operations);
    }

    /// <summary>
    /// Writes the open run to the history now when the caller typed in it (their editor is closing), instead of at the next
    /// operation after a pause. Others still typing start a new run with their next operation.
    /// </summary>
    public async Task<Result> EndRunAsync(string userId, Guid textId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var text = await db.CoTexts.FirstOrDefaultAsync(t => t.Id == textId && t.RunUserId != null, cancellationToken);
        var target = text is null ? null : await FindOwnerAsync(db, text, cancellationToken);
        if (text is null || target is null || !(await RunAuthorsAsync(db, text)).Contains(userId, StringComparer.Ordinal))
        {
            return Result.Ok();
        }

        await CloseRunAsync(db, text, target);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // An operation arrived at this instant and carries the run on; it is written when that run ends.
        }

        return Result.Ok();
    }

    /// <summary>
    /// Takes a value just saved through the owner's field path (a description restored from the goal's history, a section
    /// saved whole) into the co-typed text at once, as an operation published like any typed one, so open editors show it
    /// and transform their unsent typing over it without waiting for the next keystroke. Nothing to do while the owner
    /// has no co-typed text. Called after the field save committed; when it cannot finish (busy storage), the next open or
    /// operation takes the value in as before.
    /// </summary>
    public async Task<Result> AdoptAsync(string userId, Guid partnershipId, string ownerKind, Guid ownerId, CancellationToken cancellationToken = default)
    {
        if (CoTextOwners.For(ownerKind) is null)
        {
            return ServiceError.NotFound;
        }

        try
        {
            Guid? textId;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                textId = await db.CoTexts.AsNoTracking()
                    .Where(t => t.PartnershipId == partnershipId && t.OwnerKind == ownerKind && t.OwnerId == ownerId)
                    .Select(t => (Guid?)t.Id)
                    .FirstOrDefaultAsync(cancellationToken);
            }

            if (textId is null)
            {
                return Result.Ok();
            }

            var stripe = StripeOf(textId.Value);
            await stripe.WaitAsync(cancellationToken);
            try
            {
                return await AdoptOnceAsync(userId, textId.Value, cancellationToken);
            }
            finally
            {
                stripe.Release();
            }
        }
        catch (Exception ex) when (ex is DbUpdateException || StorageFaults.IsBusy(ex))
        {
            // The field save itself committed; the next open or operation takes the value in.
            return ServiceError.Conflict("The saved text reaches open editors at their next change: the database is busy.");
        }
    }

    // The stripe SubmitAsync's batches take for this text, so an adoption and a batch of typing on one node never race.
    private static SemaphoreSlim StripeOf(Guid textId) => Stripes[(textId.GetHashCode() & int.MaxValue) % StripeCount];

    private async Task<Result> AdoptOnceAsync(string userId, Guid textId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var text = await db.CoTexts.FirstOrDefaultAsync(t => t.Id == textId, cancellationToken);
            if (text is null || await db.RoleOfAsync(text.PartnershipId, userId, cancellationToken) is null
                || await FindOwnerAsync(db, text, cancellationToken) is not { } target)
            {
                return ServiceError.NotFound;
            }

            if (await AdoptFieldSaveAsync(db, text, target, clock.GetUtcNow().UtcDateTime) is not { } operation)
            {
                // Already in step: an operation or an open took the value in first.
                return Result.Ok();
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && !StorageFaults.IsBusy(ex))
            {
                // Another node applied this revision first: read the text again and adopt over it.
                continue;
            }

            await events.PublishAsync(
                new CoTextChanged(text.PartnershipId, userId, text.Id, text.OwnerKind, text.OwnerId, text.Revision, operation.ToJson(), FieldSaveClient, text.Revision),
                cancellationToken);
            return Result.Ok();
        }
    }

    private static TextOperation Read(string json) =>
        TextOperation.TryParse(json, out var operation, out var error) ? operation : throw new InvalidOperationException($"A stored operation is unreadable: {error}");

    /// <summary>The owner of a text, looked up within the text's own partnership, so a text can never reach another's row.</summary>
    private static Task<CoTextTarget?> FindOwnerAsync(WorkspaceDbContext db, CoText text, CancellationToken cancellationToken) =>
        CoTextOwners.For(text.OwnerKind) is { } owner ? owner.FindAsync(db, text.PartnershipId, text.OwnerKind, text.OwnerId, cancellationToken) : Task.FromResult<CoTextTarget?>(null);

    private static async Task<CoTextState> StateAsync(WorkspaceDbContext db, CoText text, CoTextTarget target, string? userId, CancellationToken cancellationToken)
    {
        var refused = await target.RefuseTypingAsync(db, userId, cancellationToken);
        return new CoTextState(text.Id, text.Text, text.Revision)
        {
            OwnerKind = text.OwnerKind,
            OwnerId = text.OwnerId,
            MaxLength = target.MaxLength,
            CanType = refused is null,
            WhyNotType = refused?.Message,
        };
    }

    /// <summary>
    /// The run becomes the owner's history: the text it started from and the text it left, once for each person who typed
    /// in it (in the order they joined), so the record says truthfully who took part.
    /// </summary>
    private static async Task CloseRunAsync(WorkspaceDbContext db, CoText text, CoTextTarget target)
    {
        var before = InputRules.StoredMarkdown(text.RunStartText);
        var after = InputRules.StoredMarkdown(text.Text);
        foreach (var author in await RunAuthorsAsync(db, text))
        {
            target.RecordRun(db, author, text.RunLastUtc ?? default, before, after);
        }

        text.RunUserId = null;
        text.RunStartText = null;
        text.RunStartRevision = null;
        text.RunLastUtc = null;
    }

    /// <summary>Who typed in the open run, first to join first: its saved operations and those of the batch not saved yet.</summary>
    private static async Task<List<string>> RunAuthorsAsync(WorkspaceDbContext db, CoText text)
    {
        if (text.RunStartRevision is not { } start)
        {
            // A run opened before runs knew where they started: its starter.
            return text.RunUserId is { } starter ? [starter] : [];
        }

        var saved = await db.CoTextOperations.AsNoTracking()
            .Where(o => o.CoTextId == text.Id && o.Revision > start && o.AuthorUserId != "")
            .GroupBy(o => o.AuthorUserId)
            .Select(g => new { Author = g.Key, First = g.Min(o => o.Revision) })
            .ToListAsync();
        var unsaved = db.CoTextOperations.Local
            .Where(o => o.CoTextId == text.Id && o.Revision > start && o.AuthorUserId.Length > 0)
            .Select(o => new { Author = o.AuthorUserId, First = o.Revision });
        var authors = saved.Concat(unsaved)
            .GroupBy(a => a.Author, StringComparer.Ordinal)
            .OrderBy(g => g.Min(a => a.First))
            .Select(g => g.Key)
            .ToList();
        if (authors.Count == 0 && text.RunUserId is { } only)
        {
            authors.Add(only);
        }

        return authors;
    }

    /// <summary>
    /// When the owner's column was saved through its field path (a goal restored from the history, a section saved whole),
    /// the co-typed text takes that value as an operation of its own, so editors at earlier revisions transform over it like any other.
    /// </summary>
    private static async Task<TextOperation?> AdoptFieldSaveAsync(WorkspaceDbContext db, CoText text, CoTextTarget target, DateTime now)
    {
        var stored = target.Stored;
        if (InputRules.StoredMarkdown(text.Text) == stored)
        {
            return null;
        }

        if (text.RunUserId is not null)
        {
            await CloseRunAsync(db, text, target);
        }

        var operation = Replace(text.Text, stored);
        text.Text = stored;
        text.Revision++;
        db.CoTextOperations.Add(new CoTextOperation
        {
            CoTextId = text.Id,
            Revision = text.Revision,
            AuthorUserId = "",
            ClientId = FieldSaveClient,
            ClientSeq = text.Revision,
            Operation = operation.ToJson(),
            AtUtc = now,
        });
        return operation;
    }

    /// <summary>The operation turning <paramref name="from"/> into <paramref name="to"/>: keeps the common start and end, replaces the middle.</summary>
    internal static TextOperation Replace(string from, string to)
    {
        var prefix = 0;
        while (prefix < from.Length && prefix < to.Length && from[prefix] == to[prefix])
        {
            prefix++;
        }

        if (prefix > 0 && char.IsHighSurrogate(from[prefix - 1]))
        {
            prefix--;
        }

        var suffix = 0;
        while (suffix < from.Length - prefix && suffix < to.Length - prefix && from[^(suffix + 1)] == to[^(suffix + 1)])
        {
            suffix++;
        }

        if (suffix > 0 && char.IsLowSurrogate(from[^suffix]))
        {
            suffix--;
        }

        return new TextOperation().Retain(prefix).Delete(from.Length - prefix - suffix).Insert(to[prefix..^suffix]).Retain(suffix);
    }
}
