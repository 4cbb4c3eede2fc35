using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Data;

/// <summary>
/// A large partnership for trying the app at scale (Development only, <c>Demo:LargePartnership=true</c>
/// or <c>--Demo:LargePartnership=true</c> on the command line): 1,000 goals, 5,000 indicators,
/// 50,000 check-ins and 10,000 log entries, with the demo people as its members. Rows are inserted
/// in large batches with change detection off; it is created once and left alone afterwards.
/// </summary>
public static partial class DemoLargePartnership
{
    public const string Name = "Large Demo Partnership (scale test)";
    public const int Goals = 1_000;
    public const int IndicatorsPerGoal = 5;
    public const int CheckInsPerIndicator = 10;
    public const int LogEntries = 10_000;
    private const int BatchSize = 10_000;

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoLargePartnership));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var stopwatch = Stopwatch.StartNew();

        List<(string Id, Guid? OrganisationId, PartnershipRole Role)> people;
        Partnership partnership;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Partnerships.AnyAsync(p => p.Name == Name, cancellationToken))
            {
                return;
            }

            var emails = DemoData.People.Select(p => p.Email.ToUpperInvariant()).ToList();
            var users = await db.Users.Where(u => emails.Contains(u.NormalizedEmail!))
                .ToDictionaryAsync(u => u.NormalizedEmail!, u => (u.Id, u.OrganisationId), cancellationToken);
            people = [.. DemoData.People.Select(p => users[p.Email.ToUpperInvariant()] is var (id, organisation) ? (id, organisation, p.Role) : default)];
            partnership = new Partnership
            {
                Id = Guid.NewGuid(),
                Name = Name,
                Purpose = "A generated partnership with a thousand goals, for checking that the dashboard, the goals and the log stay quick at scale.",
                Status = PartnershipStatus.Active,
                CreatedUtc = now,
            };
            db.Partnerships.Add(partnership);
            db.Memberships.AddRange(people.Select(p => new Membership { Id = Guid.NewGuid(), PartnershipId = partnership.Id, UserId = p.Id, Role = p.Role, JoinedUtc = now }));
            await db.SaveChangesAsync(cancellationToken);
        }

        // A fixed seed: the same partnership every time, so timings can be compared.
#pragma warning disable CA5394 // Demo data, not security.
        var random = new Random(2026);
        var organisations = people.Select(p => p.OrganisationId).OfType<Guid>().Distinct().ToArray();
        var editors = people.Where(p => p.Role != PartnershipRole.Observer).ToArray();
        var today = DateOnly.FromDateTime(now);

        var goals = new List<Goal>(Goals);
        var contributions = new List<GoalContribution>();
        for (var i = 0; i < Goals; i++)
        {
            var goal = new Goal
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnership.Id,
                ParentGoalId = i < 100 ? null : goals[random.Next(100)].Id,
                Title = $"{Verbs[i % Verbs.Length]} {Subjects[random.Next(Subjects.Length)]} in area {i + 1:0000}",
                Description = "Generated goal for the scale test.",
                LeadOrganisationId = organisations[random.Next(organisations.Length)],
                OwnerUserId = editors[random.Next(editors.Length)].Id,
                Status = (GoalStatus)random.Next(6),
                DueDate = today.AddDays(random.Next(-120, 900)),
                CreatedUtc = now.AddDays(-400),
                UpdatedUtc = now.AddDays(-random.Next(300)),
            };
            goals.Add(goal);
            foreach (var organisation in organisations.OrderBy(_ => random.Next()).Take(2))
            {
                contributions.Add(new GoalContribution { Id = Guid.NewGuid(), GoalId = goal.Id, OrganisationId = organisation, Commitment = "Staff time and data, as agreed." });
            }
        }

        var indicators = new List<Indicator>(Goals * IndicatorsPerGoal);
        var checkIns = new List<CheckIn>(Goals * IndicatorsPerGoal * CheckInsPerIndicator);
        var confidences = new List<ConfidenceRecord>();
        foreach (var goal in goals)
        {
            for (var k = 0; k < IndicatorsPerGoal; k++)
            {
                var direction = (IndicatorDirection)random.Next(3);
                var baseline = Math.Round(random.NextDouble() * 100, 1);
                var target = direction switch
                {
                    IndicatorDirection.Increase => baseline + random.Next(10, 100),
                    IndicatorDirection.Decrease => Math.Max(0, baseline - random.Next(5, 50)),
                    _ => baseline,
                };
                var indicator = new Indicator
                {
                    Id = Guid.NewGuid(),
                    GoalId = goal.Id,
                    PartnershipId = partnership.Id,
                    Name = $"Measure {k + 1} of goal {goal.Title[^4..]}",
                    Unit = "people",
                    Baseline = baseline,
                    Target = target,
                    Direction = direction,
                    Cadence = Cadence.Monthly,
                    DataSource = "Generated",
                    CreatedUtc = now.AddDays(-400),
                    Milestones =
                    [
                        new IndicatorMilestone { Id = Guid.NewGuid(), Date = today.AddDays(random.Next(1, 200)), TargetValue = (baseline + target) / 2 },
                    ],
                };
                indicators.Add(indicator);
                var value = baseline;
                for (var c = 0; c < CheckInsPerIndicator; c++)
                {
                    value = Math.Round(value + ((target - baseline) * (random.NextDouble() - 0.2) / CheckInsPerIndicator), 2);
                    checkIns.Add(new CheckIn
                    {
                        Id = Guid.NewGuid(),
                        IndicatorId = indicator.Id,
                        Value = value,
                        AsOf = today.AddDays(-30 * (CheckInsPerIndicator - c)),
                        Comment = "",
                        RecordedByUserId = editors[random.Next(editors.Length)].Id,
                        RecordedUtc = now.AddDays(-30 * (CheckInsPerIndicator - c)),
                    });
                }

                foreach (var organisation in organisations.Take(2))
                {
                    confidences.Add(new ConfidenceRecord
                    {
                        Id = Guid.NewGuid(),
                        IndicatorId = indicator.Id,
                        OrganisationId = organisation,
                        Level = random.Next(1, 6),
                        RecordedByUserId = editors[0].Id,
                        RecordedUtc = now.AddDays(-random.Next(60)),
                    });
                }
            }
        }

        var entries = new List<LogEntry>(LogEntries);
        var positions = new List<DecisionPosition>();
        for (var i = 0; i < LogEntries; i++)
        {
            var author = editors[random.Next(editors.Length)];
            var kind = (i % 20) switch
            {
                < 8 => EntryKind.Note,
                < 10 => EntryKind.Question,
                < 13 => EntryKind.Decision,
                < 18 => EntryKind.Action,
                _ => EntryKind.Risk,
            };
            var created = now.AddMinutes(-(LogEntries - i) * 37);
            var entry = new LogEntry
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnership.Id,
                Kind = kind,
                Title = $"{kind} {i + 1:00000}: {Subjects[random.Next(Subjects.Length)]}",
                Body = "Generated entry for the scale test.",
                AuthorUserId = author.Id,
                AuthorOrganisationId = author.OrganisationId,
                GoalId = random.Next(3) == 0 ? goals[random.Next(goals.Count)].Id : null,
                CreatedUtc = created,
                UpdatedUtc = created,
            };
            switch (kind)
            {
                case EntryKind.Decision:
                    entry.DecisionRule = DecisionRule.Consent;
                    if (random.Next(3) > 0)
                    {
                        (entry.ClosedUtc, entry.ClosedByUserId, entry.Outcome) = (created.AddDays(3), editors[0].Id, "Agreed by consent.");
                    }

                    foreach (var person in editors.Where(_ => random.Next(2) == 0))
                    {
                        positions.Add(new DecisionPosition
                        {
                            Id = Guid.NewGuid(),
                            EntryId = entry.Id,
                            UserId = person.Id,
                            OrganisationId = person.OrganisationId,
                            Position = (Position)random.Next(4),
                            Reason = "Generated position.",
                            RecordedUtc = created.AddHours(1),
                        });
                    }

                    break;
                case EntryKind.Action:
                    entry.AssigneeUserId = editors[random.Next(editors.Length)].Id;
                    entry.DueDate = today.AddDays(random.Next(-60, 120));
                    entry.ActionState = (ActionState)random.Next(4);
                    break;
                case EntryKind.Risk:
                    (entry.Likelihood, entry.Impact) = (random.Next(1, 6), random.Next(1, 6));
                    entry.RiskState = random.Next(3) == 0 ? RiskState.Mitigated : RiskState.Open;
                    entry.RiskOwnerUserId = editors[random.Next(editors.Length)].Id;
                    entry.Mitigation = "Generated mitigation.";
                    break;
            }

            entries.Add(entry);
        }
#pragma warning restore CA5394

        await InsertAsync(factory, goals, cancellationToken);
        await InsertAsync(factory, contributions, cancellationToken);
        await InsertAsync(factory, indicators, cancellationToken);
        await InsertAsync(factory, checkIns, cancellationToken);
        await InsertAsync(factory, confidences, cancellationToken);
        await InsertAsync(factory, entries, cancellationToken);
        await InsertAsync(factory, positions, cancellationToken);
        LogSeeded(logger, Name, goals.Count, indicators.Count, checkIns.Count, entries.Count, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>Inserts in batches, each through a fresh context with change detection off.</summary>
    private static async Task InsertAsync<T>(IDbContextFactory<WorkspaceDbContext> factory, List<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Set<T>().AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static readonly string[] Verbs = ["Reduce", "Increase", "Improve", "Expand", "Sustain", "Halve", "Double", "Protect"];

    private static readonly string[] Subjects =
    [
        "reoffending", "school attendance", "late-evening transport safety", "mentoring places", "youth spaces",
        "first-time entrants", "employment at transition", "victim support", "street lighting", "data sharing",
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Name}: {Goals} goals, {Indicators} indicators, {CheckIns} check-ins, {Entries} log entries in {ElapsedMs} ms")]
    private static partial void LogSeeded(ILogger logger, string name, int goals, int indicators, int checkIns, int entries, long elapsedMs);
}
