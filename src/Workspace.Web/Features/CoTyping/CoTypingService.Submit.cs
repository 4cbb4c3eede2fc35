using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;

namespace Workspace.Web.Features.CoTyping;

/// <summary>
/// Applying submitted operations. Submits to one text from this node wait in line; whoever's turn it is applies every
/// waiting submit of that text in one read and one transaction (a group commit), so forty typists cost a save per
/// batch rather than per keystroke. Only another node's race makes a batch read and transform again.
/// </summary>
public sealed partial class CoTypingService
{
    private const int StripeCount = 64;

    // One turn at a time per stripe of texts on this node, and the submits waiting for it.
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1))];
    private static readonly List<PendingSubmit>[] Waiting = [.. Enumerable.Range(0, StripeCount).Select(_ => new List<PendingSubmit>())];

    // Precompiled: a batch runs them for every few keystrokes, so they skip EF's per-call expression work.
    private static readonly Func<WorkspaceDbContext, Guid, Task<CoText?>> TextQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid id) => db.CoTexts.FirstOrDefault(t => t.Id == id));

    private static readonly Func<WorkspaceDbContext, Guid, long, IAsyncEnumerable<LoggedOperation>> LogQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid id, long after) => db.CoTextOperations.AsNoTracking()
            .Where(o => o.CoTextId == id && o.Revision > after)
            .OrderBy(o => o.Revision)
            .Select(o => new LoggedOperation(o.Revision, o.Operation, o.AuthorUserId, o.ClientId, o.ClientSeq)));

    private static readonly Func<WorkspaceDbContext, Guid, string, long, Task<LoggedOperation?>> ResendQuery =
        EF.CompileAsyncQuery((WorkspaceDbContext db, Guid id, string clientId, long clientSeq) => db.CoTextOperations.AsNoTracking()
            .Where(o => o.CoTextId == id && o.ClientId == clientId && o.ClientSeq == clientSeq)
            .Select(o => new LoggedOperation(o.Revision, o.Operation, o.AuthorUserId, o.ClientId, o.ClientSeq))
            .FirstOrDefault());

    /// <summary>
    /// Applies an operation made on <paramref name="baseRevision"/>. A resend of an operation already applied
    /// (same client and sequence number) changes nothing and is acknowledged again with its revision.
    /// </summary>
    public async Task<Result<CoTextAck>> SubmitAsync(
        string userId, Guid textId, long baseRevision, string operationJson, string clientId, long clientSeq, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > ClientIdMaxLength || clientId == FieldSaveClient || clientSeq < 0)
        {
            return ServiceError.Invalid("Client", "The editor sent no valid client id and sequence number; reload the page.");
        }

        if (!TextOperation.TryParse(operationJson, out var received, out var parseError))
        {
            return ServiceError.Invalid("Operation", parseError);
        }

        var pending = new PendingSubmit(dbFactory, userId, textId, baseRevision, received, clientId, clientSeq);
        var stripe = (textId.GetHashCode() & int.MaxValue) % StripeCount;
        var waiting = Waiting[stripe];
        lock (waiting)
        {
            waiting.Add(pending);
        }

        try
        {
            await Stripes[stripe].WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (waiting)
            {
                waiting.Remove(pending);
            }

            throw;
        }

        try
        {
            // An earlier turn may have applied this submit with its batch already.
            if (!pending.Done.Task.IsCompleted)
            {
                List<PendingSubmit> batch;
                lock (waiting)
                {
                    // Same text and same node (tests run several apps in one process): this node's database and bus.
                    batch = waiting.FindAll(p => p.TextId == textId && ReferenceEquals(p.Node, dbFactory));
                    waiting.RemoveAll(p => p.TextId == textId && ReferenceEquals(p.Node, dbFactory));
                }

                await ApplyBatchAsync(textId, batch);
            }
        }
        finally
        {
            Stripes[stripe].Release();
        }

        return await pending.Done.Task;
    }

    /// <summary>Applies a batch in arrival order and answers every submit in it, whatever happens.</summary>
    private async Task ApplyBatchAsync(Guid textId, List<PendingSubmit> batch)
    {
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var outcome = await TryApplyBatchAsync(textId, batch, retryOnRace: attempt < MaxAttempts);
                if (outcome is null)
                {
                    // Another node applied a revision first (or the owner was saved at this instant): read and transform again.
                    continue;
                }

                foreach (var change in outcome.Value.Published)
                {
                    await events.PublishAsync(change, CancellationToken.None);
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(outcome.Value.Results[i]);
                }

                return;
            }
        }
#pragma warning disable CA1031 // Every submitter gets the failure (busy storage is sent again by the editor); none waits forever.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>One attempt: null when the save lost a race and the batch must be read again.</summary>
    private async Task<(Result<CoTextAck>[] Results, List<CoTextChanged> Published)?> TryApplyBatchAsync(Guid textId, List<PendingSubmit> batch, bool retryOnRace)
    {
        var results = new Result<CoTextAck>[batch.Count];
        var published = new List<CoTextChanged>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var text = await TextQuery(db, textId);
        var target = text is null ? null : await FindOwnerAsync(db, text, CancellationToken.None);
        if (text is null || target is null)
        {
            Array.Fill(results, ServiceError.NotFound);
            return (results, published);
        }

        // Who may type (every owner checks membership first) is read once per person in the batch, not once per keystroke.
        var refusals = new Dictionary<string, ServiceError?>(StringComparer.Ordinal);
        foreach (var userId in batch.Select(p => p.UserId).Distinct(StringComparer.Ordinal))
        {
            refusals[userId] = await target.RefuseTypingAsync(db, userId, CancellationToken.None);
        }

        // Every operation any submit in the batch must be transformed over, read once.
        var oldest = Math.Clamp(batch.Min(p => p.BaseRevision), 0, text.Revision);
        var log = await LogQuery(db, textId, oldest).ToListAsync();
        var earlier = await ResendsAsync(db, textId, batch);

        var now = clock.GetUtcNow().UtcDateTime;
        if (await AdoptFieldSaveAsync(db, text, target, now) is { } adopted)
        {
            log.Add(new LoggedOperation(text.Revision, adopted.ToJson(), "", FieldSaveClient, text.Revision) { Parsed = adopted });
        }

        string? lastAuthor = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            if (refusals[p.UserId] is { } refused)
            {
                results[i] = refused;
                continue;
            }

            if (earlier.TryGetValue((p.ClientId, p.ClientSeq), out var first))
            {
                results[i] = first.AuthorUserId != p.UserId
                    ? ServiceError.Conflict("Another editor already used this client id; reload the page.")
                    : new CoTextAck(first.Revision, first.Json, WasResent: true);
                continue;
            }

            if (p.BaseRevision < 0 || p.BaseRevision > text.Revision)
            {
                results[i] = ServiceError.Invalid("Revision", $"The change is based on revision {p.BaseRevision}, but the text is at {text.Revision}; reload the page.");
                continue;
            }

            var since = log.Where(o => o.Revision > p.BaseRevision).Select(o => o.Operation).ToList();
            var baseLength = text.Text.Length - since.Sum(o => (long)o.TargetLength - o.BaseLength);
            if (p.Received.BaseLength != baseLength)
            {
                results[i] = ServiceError.Invalid("Operation", $"The change is for a text of {p.Received.BaseLength} characters, but revision {p.BaseRevision} has {baseLength}.");
                continue;
            }

            var operation = TextOperation.TransformAgainst(p.Received, since);
            if (operation.Check(text.Text) is { } misfit)
            {
                results[i] = ServiceError.Invalid("Operation", misfit);
                continue;
            }

            var after = operation.Apply(text.Text);
            if (InputRules.StoredMarkdown(after).Length > target.MaxLength)
            {
                results[i] = ServiceError.Invalid("Operation", target.TooLong);
                continue;
            }

            // A run is a burst of typing, by one person or several at once; a pause of everyone ends it.
            if (text.RunUserId is not null && now - text.RunLastUtc > Pause)
            {
                await CloseRunAsync(db, text, target);
            }

            if (text.RunUserId is null)
            {
                text.RunUserId = p.UserId;
                text.RunStartText = text.Text;
                text.RunStartRevision = text.Revision;
            }

            text.RunLastUtc = now;
            text.Text = after;
            text.Revision++;
            var json = operation.ToJson();
            db.CoTextOperations.Add(new CoTextOperation
            {
                CoTextId = text.Id,
                Revision = text.Revision,
                AuthorUserId = p.UserId,
                ClientId = p.ClientId,
                ClientSeq = p.ClientSeq,
                Operation = json,
                AtUtc = now,
            });
            log.Add(new LoggedOperation(text.Revision, json, p.UserId, p.ClientId, p.ClientSeq) { Parsed = operation });
            earlier[(p.ClientId, p.ClientSeq)] = log[^1];
            lastAuthor = p.UserId;
            results[i] = new CoTextAck(text.Revision, json, WasResent: false);
            published.Add(new CoTextChanged(text.PartnershipId, p.UserId, textId, text.OwnerKind, text.OwnerId, text.Revision, json, p.ClientId, p.ClientSeq));
        }

        if (lastAuthor is not null)
        {
            // The owner's column follows the text once per batch, under its version token.
            var stored = InputRules.StoredMarkdown(text.Text);
            if (target.Stored != stored)
            {
                target.Write(db, stored, lastAuthor, now);
            }
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException) when (retryOnRace)
        {
            return null;
        }

        return (results, published);
    }

    /// <summary>Resends (a client id and sequence number already applied), read once: any of the batch's pairs stored already.</summary>
    private static async Task<Dictionary<(string ClientId, long ClientSeq), LoggedOperation>> ResendsAsync(WorkspaceDbContext db, Guid textId, List<PendingSubmit> batch)
    {
        if (batch.Count == 1)
        {
            // The usual batch, one keystroke: a precompiled lookup by the unique (text, client, sequence) index.
            var found = await ResendQuery(db, textId, batch[0].ClientId, batch[0].ClientSeq);
            return found is null ? [] : new() { [(found.ClientId, found.ClientSeq)] = found };
        }

        var clientIds = batch.Select(p => p.ClientId).Distinct(StringComparer.Ordinal).ToList();
        var seqs = batch.Select(p => p.ClientSeq).Distinct().ToList();
        return (await db.CoTextOperations.AsNoTracking()
            .Where(o => o.CoTextId == textId && clientIds.Contains(o.ClientId) && seqs.Contains(o.ClientSeq))
            .Select(o => new LoggedOperation(o.Revision, o.Operation, o.AuthorUserId, o.ClientId, o.ClientSeq))
            .ToListAsync())
            .ToDictionary(o => (o.ClientId, o.ClientSeq));
    }

    private sealed class PendingSubmit(object node, string userId, Guid textId, long baseRevision, TextOperation received, string clientId, long clientSeq)
    {
        public object Node { get; } = node;

        public string UserId { get; } = userId;

        public Guid TextId { get; } = textId;

        public long BaseRevision { get; } = baseRevision;

        public TextOperation Received { get; } = received;

        public string ClientId { get; } = clientId;

        public long ClientSeq { get; } = clientSeq;

        public TaskCompletionSource<Result<CoTextAck>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An applied operation as the batch needs it; parsed only when something is transformed over it.</summary>
    private sealed record LoggedOperation(long Revision, string Json, string AuthorUserId, string ClientId, long ClientSeq)
    {
        public TextOperation? Parsed { get; set; }

        public TextOperation Operation => Parsed ??= Read(Json);
    }
}
