using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Health;

namespace Workspace.Web.Data;

/// <summary>
/// The demo partnership's health check: monthly, three named rounds closed, in which SafeRoute Technologies
/// (the private partner) sees equity much lower than the public and civil-society partners, and an action
/// from the last round's review.
/// </summary>
public static class DemoHealth
{
    private const string Ana = "facilitator@demo.local";
    private const string Priya = "partner@demo.local";

    // Scores per person per round, in principle order: equity, transparency, mutual benefit, trust, communication, progress.
    private static readonly Dictionary<string, int[][]> Scores = new()
    {
        [Ana] = [[5, 4, 4, 4, 4, 3], [5, 4, 4, 5, 4, 4], [5, 5, 4, 5, 4, 4]],
        ["contributor@demo.local"] = [[4, 4, 4, 4, 3, 3], [5, 4, 4, 4, 4, 3], [4, 4, 5, 4, 4, 4]],
        [Priya] = [[2, 3, 3, 4, 3, 3], [2, 3, 4, 4, 3, 4], [1, 3, 3, 3, 2, 4]],
        ["ngo@demo.local"] = [[4, 4, 3, 4, 4, 3], [4, 5, 4, 4, 4, 4], [5, 4, 4, 4, 5, 4]],
        ["observer@demo.local"] = [[4, 3, 4, 4, 3, 3], [4, 4, 4, 4, 4, 3], [4, 4, 4, 5, 4, 4]],
    };

    private static readonly Dictionary<(string Email, int Round, HealthPrinciple Principle), string> Comments = new()
    {
        [(Priya, 0, HealthPrinciple.Equity)] = "The agenda is set before we are in the room.",
        [(Priya, 1, HealthPrinciple.Equity)] = "We are asked for data, not for our view.",
        [(Priya, 2, HealthPrinciple.Equity)] = "The app pilot decision was taken while we were away. We found out from the minutes.",
        [(Priya, 2, HealthPrinciple.Communication)] = "Papers arrive the evening before the board.",
        [("ngo@demo.local", 2, HealthPrinciple.Communication)] = "The log has made a real difference between meetings.",
        [(Ana, 2, HealthPrinciple.Progress)] = "Repeat offending is down in the first cohort.",
        [("contributor@demo.local", 1, HealthPrinciple.Transparency)] = "Sharing the reoffending figures early helped.",
    };

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.HealthRounds.AnyAsync(r => r.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var ana = peopleByEmail[Ana].Id;
        var settingsAt = nowUtc.AddMonths(-3).AddDays(-2);
        db.HealthSettings.Add(new HealthSettings { PartnershipId = partnershipId, Cadence = HealthCadence.Monthly, UpdatedUtc = settingsAt, UpdatedByUserId = ana });
        db.Record(partnershipId, ana, settingsAt, HealthService.SettingsEntity, partnershipId, nameof(HealthSettings.Cadence), nameof(HealthCadence.Off), nameof(HealthCadence.Monthly));

        HealthRound? last = null;
        for (var index = 0; index < 3; index++)
        {
            var opened = nowUtc.AddMonths(index - 3).Date.AddHours(9);
            var closed = opened.AddDays(10);
            var round = new HealthRound
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnershipId,
                Number = index + 1,
                OpenedUtc = opened,
                OpenedByUserId = ana,
                ClosesOn = DateOnly.FromDateTime(closed),
                ClosedUtc = closed,
                ClosedByUserId = ana,
            };
            db.HealthRounds.Add(round);
            db.Record(partnershipId, ana, opened, HealthService.RoundEntity, round.Number, "Opened", null, $"Named, closes {round.ClosesOn:yyyy-MM-dd}");

            var hour = 1;
            foreach (var (email, rounds) in Scores)
            {
                var person = peopleByEmail[email];
                var at = opened.AddDays(1).AddHours(hour++);
                foreach (var principle in Enum.GetValues<HealthPrinciple>())
                {
                    db.HealthAnswers.Add(new HealthAnswer
                    {
                        Id = Guid.NewGuid(),
                        PartnershipId = partnershipId,
                        RoundId = round.Id,
                        UserId = person.Id,
                        OrganisationId = person.OrganisationId,
                        Principle = principle,
                        Score = rounds[index][(int)principle],
                        Comment = Comments.GetValueOrDefault((email, index, principle), ""),
                        AnsweredUtc = at,
                        UpdatedUtc = at,
                    });
                }

                db.Record(partnershipId, person.Id, at, HealthService.AnswerEntity, round.Number, "Answered", null, $"Round {round.Number}");
            }

            db.Record(partnershipId, ana, closed, HealthService.RoundEntity, round.Number, "Closed", null, $"{Scores.Count} answered");
            last = round;
        }

        // The review of round 3: an action about equity, owned by the facilitator.
        var reviewed = last!.ClosedUtc!.Value.AddDays(2);
        var action = new LogEntry
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Kind = EntryKind.Action,
            Title = HealthService.SuggestedTitle(3, HealthPrinciple.Equity) + "every partner adds to the board agenda before it is set",
            Body = $"From the review of health check round 3: Equity (“{HealthStatements.Of(HealthPrinciple.Equity)}”).",
            AuthorUserId = ana,
            AuthorOrganisationId = peopleByEmail[Ana].OrganisationId,
            AssigneeUserId = ana,
            DueDate = DateOnly.FromDateTime(nowUtc.AddDays(14)),
            ActionState = ActionState.Open,
            CreatedUtc = reviewed,
            UpdatedUtc = reviewed,
        };
        db.LogEntries.Add(action);
        db.Record(partnershipId, ana, reviewed, nameof(LogEntry), action.Id, "Posted", null, $"{action.Kind}: {action.Title}");
        db.HealthFindings.Add(new HealthFinding
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            RoundId = last.Id,
            Principle = HealthPrinciple.Equity,
            LogEntryId = action.Id,
            CreatedUtc = reviewed,
            CreatedByUserId = ana,
        });
        await db.SaveChangesAsync(ct);
    }
}
