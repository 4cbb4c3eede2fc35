using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Health;

/// <summary>A member's answer to one statement, as the questionnaire sends it.</summary>
public sealed record AnswerInput(HealthPrinciple Principle, int? Score, string? Comment);

/// <summary>An action to create in the log from a round's finding about a principle.</summary>
public sealed class FindingInput
{
    public int Round { get; set; }

    public HealthPrinciple Principle { get; set; }

    public string Title { get; set; } = "";

    public string? AssigneeUserId { get; set; }

    public DateOnly? DueDate { get; set; }
}

public sealed partial class HealthService
{
    /// <summary>
    /// Saves the caller's answers to the open round: every statement scored 1–5, comments optional. Any
    /// member answers (observers too: it is their view of the partnership). Answering again changes them.
    /// </summary>
    public async Task<Result<IReadOnlyDictionary<HealthPrinciple, MyAnswer>>> AnswerAsync(
        string userId, Guid partnershipId, int round, IReadOnlyList<AnswerInput> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Observer, "answer the health check", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var open = await db.HealthRounds.FirstOrDefaultAsync(r => r.PartnershipId == partnershipId && r.Number == round, cancellationToken);
        if (open is null)
        {
            return ServiceError.NotFound;
        }

        if (open.ClosedUtc is not null)
        {
            return ServiceError.Conflict($"Round {round} closed before your answers were saved, so they were not counted.");
        }

        var rules = new InputRules();
        foreach (var principle in Enum.GetValues<HealthPrinciple>())
        {
            var answer = answers.LastOrDefault(a => a.Principle == principle);
            rules.Check(answer?.Score is >= HealthStatements.MinScore and <= HealthStatements.MaxScore, principle.ToString(),
                    $"{principle.ToText()}: choose how far you agree, from 1 (strongly disagree) to 5 (strongly agree).")
                .MaxLength($"{principle}Comment", $"{principle.ToText()} comment", answer?.Comment, HealthAnswer.CommentMaxLength);
        }

        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken);
        var existing = await db.HealthAnswers.Where(a => a.RoundId == open.Id && a.UserId == userId).ToDictionaryAsync(a => a.Principle, cancellationToken);
        var firstTime = existing.Count == 0;
        var changed = false;
        foreach (var principle in Enum.GetValues<HealthPrinciple>())
        {
            var input = answers.Last(a => a.Principle == principle);
            var comment = InputRules.Stored(input.Comment);
            if (!existing.TryGetValue(principle, out var answer))
            {
                answer = new HealthAnswer { Id = Guid.NewGuid(), PartnershipId = partnershipId, RoundId = open.Id, UserId = userId, Principle = principle, AnsweredUtc = now };
                db.HealthAnswers.Add(answer);
                existing[principle] = answer;
            }
            else if (answer.Score == input.Score && answer.Comment == comment && answer.OrganisationId == organisationId)
            {
                continue;
            }

            answer.Score = input.Score!.Value;
            answer.Comment = comment;
            answer.OrganisationId = organisationId;
            answer.UpdatedUtc = now;
            changed = true;
        }

        if (changed)
        {
            // That someone answered a named round is on the record, never what they answered. In an anonymous
            // round not even who answered is: closing it records how many did, as an anonymous vote does.
            if (!open.Anonymous)
            {
                db.Record(partnershipId, userId, now, AnswerEntity, open.Number, firstTime ? "Answered" : "Changed", null, $"Round {open.Number}");
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
            {
                return ServiceError.Conflict("Your answers were saved from another tab a moment ago. Reload to see them, then save again.");
            }

            var respondents = await db.HealthAnswers.Where(a => a.RoundId == open.Id).Select(a => a.UserId).Distinct().CountAsync(cancellationToken);
            await events.PublishAsync(new HealthAnswered(partnershipId, userId, open.Number, respondents), cancellationToken);
        }

        return existing.ToDictionary(p => p.Key, p => new MyAnswer(p.Value.Score, p.Value.Comment));
    }

    /// <summary>
    /// A review's outcome: an action in the log about a principle of a closed round, posted through the log
    /// with all its rules (owner, due date, quota), and linked back to the round.
    /// </summary>
    public async Task<Result<FindingView>> CreateActionAsync(string userId, Guid partnershipId, FindingInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "turn health check findings into actions", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var round = await db.HealthRounds.FirstOrDefaultAsync(r => r.PartnershipId == partnershipId && r.Number == input.Round, cancellationToken);
        if (round is null)
        {
            return ServiceError.NotFound;
        }

        var rules = new InputRules().Defined("Principle", "principle", input.Principle)
            .Check(round.ClosedUtc is not null, "Round", $"Round {round.Number} is still open: review it once it is closed.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var posted = await log.PostAsync(userId, partnershipId, new EntryInput
        {
            Kind = EntryKind.Action,
            Title = input.Title,
            Body = $"From the review of health check round {round.Number}: {input.Principle.ToText()} (“{HealthStatements.Of(input.Principle)}”).",
            AssigneeUserId = input.AssigneeUserId,
            DueDate = input.DueDate,
            ActionState = ActionState.Open,
        }, cancellationToken);
        if (!posted.Succeeded)
        {
            return posted.Error!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.HealthFindings.Add(new HealthFinding
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            RoundId = round.Id,
            Principle = input.Principle,
            LogEntryId = posted.Value!.Id,
            CreatedUtc = now,
            CreatedByUserId = userId,
        });
        await db.SaveChangesAsync(cancellationToken);
        var finding = new FindingView(round.Number, input.Principle, posted.Value.Id, posted.Value.Title);
        await events.PublishAsync(new HealthFindingCreated(partnershipId, userId, finding), cancellationToken);
        return finding;
    }

    /// <summary>The title an action from a finding starts with.</summary>
    public static string SuggestedTitle(int round, HealthPrinciple principle) => $"Health check round {round}: {principle.ToText()} – ";
}
