using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Data;

/// <summary>
/// The shared goals of the Development demo partnership: a small goal tree with contributions,
/// indicators, a year of check-ins, partner confidence and some history. Seeded only when the
/// partnership has no goals yet; values come from a fixed random seed so every run looks the same.
/// </summary>
public static class DemoGoals
{
    private const string Ana = "facilitator@demo.local";
    private const string Ben = "contributor@demo.local";
    private const string Priya = "partner@demo.local";
    private const string Grace = "ngo@demo.local";

    /// <summary>Short names used in the tables below, and who records confidence for each organisation.</summary>
    private static readonly Dictionary<string, (string Name, string? Recorder)> Orgs = new()
    {
        ["YJU"] = ("Youth Justice Unit", Ana),
        ["PS"] = ("Probation Service", Ben),
        ["RCC"] = ("Riverside City Council", null),
        ["SRT"] = ("SafeRoute Technologies Ltd", Priya),
        ["ST"] = ("Streetlight Trust", Grace),
        ["UoR"] = ("University of Riverside", null),
    };

    /// <summary>Months ago (counted back from the current month) at which partners recorded their confidence.</summary>
    private static readonly int[] ConfidenceRounds = [11, 6, 1];

    private sealed record GoalSpec(
        string Key, string? Parent, string Title, string Lead, string Owner, GoalStatus Status, DateOnly Due,
        string Description, (string Org, string Commitment)[] Contributions, IndicatorSpec[] Indicators);

    /// <param name="Progress">Share of the way from baseline to target reached by last month (ignored for Maintain).</param>
    /// <param name="Noise">Largest month-to-month deviation from the trend, in the indicator's unit.</param>
    /// <param name="Confidence">Per organisation, its level at each of <see cref="ConfidenceRounds"/>: "YJU 3 4 4; ST 2 2 3".</param>
    /// <param name="Notes">Check-in comments by months ago.</param>
    /// <param name="Views">Comments on organisations' latest confidence.</param>
    private sealed record IndicatorSpec(
        string Name, string Unit, double Baseline, double Target, IndicatorDirection Direction, Cadence Cadence, string DataSource,
        (string Date, double Value)[] Milestones, double Progress, double Noise, int Decimals, string Confidence,
        (int MonthsAgo, string Text)[]? Notes = null, (string Org, string Text)[]? Views = null);

    /// <summary>Past edits of goal fields, by days after the goal was created. The first edit of a field gives its value at creation.</summary>
    private static readonly (string Goal, int Day, string By, GoalField Field, string Old, string New)[] Edits =
    [
        ("reoffending", 6, Ana, GoalField.Title, "Reduce youth reoffending in Riverside", "Cut proven reoffending by young people in Riverside by a third by 2028"),
        ("reoffending", 9, Ana, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack)),
        ("mentors", 20, Grace, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack)),
        ("mentors", 35, Ana, GoalField.Title, "Mentors for young people leaving custody", "Match every young person leaving custody with a mentor within 48 hours of release"),
        ("mentors", 228, Grace, GoalField.Status, nameof(GoalStatus.OnTrack), nameof(GoalStatus.AtRisk)),
        ("transition", 150, Ben, GoalField.Status, nameof(GoalStatus.OnTrack), nameof(GoalStatus.AtRisk)),
        ("transition", 298, Ben, GoalField.Status, nameof(GoalStatus.AtRisk), nameof(GoalStatus.OffTrack)),
        ("transition", 303, Ana, GoalField.DueDate, "2027-03-31", "2027-09-30"),
        ("diversion", 10, Ana, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack)),
        ("diversion", 312, Ana, GoalField.Status, nameof(GoalStatus.OnTrack), nameof(GoalStatus.Achieved)),
        ("streets", 12, Ana, GoalField.Title, "Safer streets for young people", "Make Riverside's streets and late-evening transport safer for young people"),
        ("streets", 40, Ana, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack)),
        ("app", 58, Priya, GoalField.Status, nameof(GoalStatus.NotStarted), nameof(GoalStatus.OnTrack)),
        ("app", 121, Priya, GoalField.DueDate, "2026-09-30", "2026-12-31"),
        ("spaces", 25, Grace, GoalField.Title, "Youth spaces", "Open evening youth spaces in the four wards with the most youth victimisation"),
        ("spaces", 281, Grace, GoalField.DueDate, "2027-06-30", "2027-12-31"),
    ];

    private static readonly GoalSpec[] Goals =
    [
        new("reoffending", null, "Cut proven reoffending by young people in Riverside by a third by 2028", "YJU", Ana, GoalStatus.OnTrack, new(2028, 9, 30),
            """
            The partnership's headline goal. In the year before the partnership started, 38.4% of young people in Riverside who received a caution or conviction reoffended within twelve months. We aim to bring that down to about 25% by autumn 2028.

            The sub-goals below each tackle one known driver of reoffending:

            - the first days after release from custody;
            - the move from youth justice to adult probation at 18;
            - first-time, low-level offences that can be dealt with out of court.

            Progress is reported quarterly, using the Ministry of Justice proven reoffending measure, so that our figures can be compared with other areas.
            """,
            [
                ("YJU", "Partnership lead (0.6 FTE) and a performance analyst (0.5 FTE) to produce the quarterly reoffending cohort and share it with partners."),
                ("PS", "Shares anonymised outcomes for young adults who transfer to probation at 18, so each cohort is followed for the full twelve months."),
                ("RCC", "£150,000 a year for three years from the community safety budget, pooled for the sub-goals agreed by the board."),
                ("UoR", "Independent evaluation: a research fellow (0.4 FTE) and a mixed-methods impact report at the end of years two and three."),
            ],
            [
                new("Proven reoffending rate of young people (12-month cohort)", "%", 38.4, 25.6, IndicatorDirection.Decrease, Cadence.Quarterly,
                    "Youth Justice Unit case management system; quarterly cohort extract using the MoJ proven reoffending measure",
                    [("2026-12-31", 34.0), ("2027-09-30", 30.0), ("2028-09-30", 25.6)], 0.3, 0.8, 1,
                    "YJU 3 3 4; PS 3 3 3; ST 3 4 4; SRT 4 4 4",
                    Notes: [(1, "First cohort to include young people supported under the mentoring offer.")]),
                new("First-time entrants to the youth justice system", "per 100,000 aged 10–17", 212, 160, IndicatorDirection.Decrease, Cadence.Quarterly,
                    "Police National Computer, via the Youth Justice Unit quarterly return",
                    [("2026-12-31", 190), ("2027-12-31", 172)], 0.55, 5, 0,
                    "YJU 4 4 4; PS 3 3 4; ST 4 4 4"),
            ]),

        new("mentors", "reoffending", "Match every young person leaving custody with a mentor within 48 hours of release", "ST", Grace, GoalStatus.AtRisk, new(2027, 3, 31),
            """
            The first two days after release are when young people are most likely to reoffend or go missing. Every young person leaving custody should meet a trained mentor within 48 hours, and keep that mentor for at least six months.

            Streetlight Trust recruits and supervises the mentors. The Youth Justice Unit tells Streetlight about releases early enough to make a match.

            **Why at risk:** we missed the June milestone (70%) because two establishments still give release dates at short notice. A new notification agreement is in place; we will review the status at the January board.
            """,
            [
                ("ST", "Recruits, vets, trains and supervises volunteer mentors, and funds two mentor coordinators (2.0 FTE) from its own grant income."),
                ("YJU", "Notifies Streetlight of confirmed release dates at least ten working days ahead through the secure referral mailbox."),
                ("RCC", "Free use of meeting rooms at the Eastgate, Northfield and Riverside Central community hubs on weekday evenings."),
                ("PS", "Two probation officers each give half a day a month to co-deliver mentor training on licence conditions."),
            ],
            [
                new("Custody leavers matched with a mentor within 48 hours", "%", 41, 95, IndicatorDirection.Increase, Cadence.Monthly,
                    "Streetlight Trust mentoring records, checked against the Youth Justice Unit release list",
                    [("2026-06-30", 70), ("2026-12-31", 85), ("2027-03-31", 95)], 0.42, 6, 0,
                    "ST 3 3 2; YJU 4 4 4; PS 3 3 3",
                    Notes: [(8, "Two releases from HMYOI Brookfield came with less than 24 hours' notice."), (3, "Notification agreement with Brookfield signed; should help from next month.")],
                    Views: [("ST", "Release dates still reach us at short notice from two establishments; we cannot match in 48 hours without them."),
                        ("YJU", "The new notification agreement is in place; we expect a clear improvement by the spring.")]),
                new("Active trained volunteer mentors", "mentors", 18, 60, IndicatorDirection.Increase, Cadence.Monthly,
                    "Streetlight Trust volunteer database",
                    [("2026-09-30", 40), ("2027-03-31", 60)], 0.55, 2, 0,
                    "ST 4 4 4; YJU 4 3 3; PS 3 3 4",
                    Notes: [(5, "Eleven new mentors finished training in May.")]),
            ]),

        new("transition", "reoffending", "Keep 16–18 year olds in education, training or employment as they move to adult probation", "PS", Ben, GoalStatus.OffTrack, new(2027, 9, 30),
            """
            Young people who are in education, training or work when they turn 18 are far less likely to reoffend. At present fewer than half of those moving from the Youth Justice Unit to adult probation in Riverside have a place.

            What we are doing:

            - a joint handover meeting before every 18th birthday, with the young person present;
            - education and training history shared at handover, so nobody has to start again;
            - ring-fenced council apprenticeship and placement places, and paid work experience with SafeRoute.

            **Off track:** the council placement scheme was paused in the spring while its funding was reviewed. It is due to restart in January 2027, and the due date has moved to September 2027 to reflect this.
            """,
            [
                ("PS", "A named transition officer in each of the two Riverside probation teams, with protected time for joint handover meetings."),
                ("YJU", "Shares each young person's education and training history at handover, under the partnership's data-sharing agreement."),
                ("RCC", "Ring-fences 40 places a year on the council's apprenticeship and employment placement scheme."),
                ("SRT", "Offers six paid work-experience placements a year in its Riverside engineering and customer support teams."),
            ],
            [
                new("Young people in education, training or employment at transition", "%", 46, 70, IndicatorDirection.Increase, Cadence.Monthly,
                    "Probation Service case records at the first supervision appointment after transfer",
                    [("2026-09-30", 55), ("2027-09-30", 70)], 0.05, 4, 0,
                    "PS 3 2 1; YJU 3 3 3; ST 3 2 3",
                    Notes: [(7, "Council placement scheme paused while its funding is reviewed."), (2, "Only 3 of 11 young people who transferred this month had a place lined up.")],
                    Views: [("PS", "Without the council placements restarting we will not get near 70%."),
                        ("YJU", "Placements restart in January; we still think the target is reachable by September 2027.")]),
                new("Transitions with a joint handover meeting before the 18th birthday", "%", 55, 90, IndicatorDirection.Increase, Cadence.Monthly,
                    "Probation Service transition log",
                    [("2026-12-31", 75), ("2027-09-30", 90)], 0.5, 5, 0,
                    "PS 3 3 3; YJU 4 4 3; ST 3 3 3"),
            ]),

        new("diversion", "reoffending", "Offer an out-of-court resolution pathway for first-time, low-level offences", "YJU", Ana, GoalStatus.Achieved, new(2026, 9, 30),
            """
            A joint decision-making panel of the Youth Justice Unit and the police considers every eligible first-time, low-level offence, and diverts the young person to support rather than court wherever that is safe.

            Diverted young people join a six-week restorative and positive-activities programme run by Streetlight Trust. The University of Riverside checks the panel's decisions twice a year for disproportionality.

            **Achieved** in September 2026: the share of eligible cases resolved out of court passed 60% two months ahead of plan. The pathway is now business as usual; we keep measuring it so that it stays there.
            """,
            [
                ("YJU", "Runs the joint decision-making panel every week and provides a case worker (1.0 FTE) for every diverted young person."),
                ("ST", "Delivers the six-week restorative and positive-activities programme for diverted young people."),
                ("UoR", "Analyses panel decisions twice a year for disproportionality by ethnicity, gender and care status."),
            ],
            [
                new("Eligible first-time cases resolved out of court", "%", 35, 60, IndicatorDirection.Increase, Cadence.Monthly,
                    "Joint decision-making panel records (Youth Justice Unit)",
                    [("2026-03-31", 45), ("2026-09-30", 60)], 1.12, 3, 0,
                    "YJU 3 4 5; ST 3 4 5; PS 3 4 4",
                    Notes: [(3, "Target passed two months early; the panel now sits twice a week."), (1, "Above target again. University disproportionality review due in December.")]),
            ]),

        new("streets", null, "Make Riverside's streets and late-evening transport safer for young people", "RCC", Ana, GoalStatus.OnTrack, new(2028, 3, 31),
            """
            Young people in Riverside are more often victims of crime than perpetrators, and much of it happens in public places in the evening: at bus stops, on late buses and on the walk home.

            This goal brings together the council's community safety work, SafeRoute's journey-alert technology and Streetlight Trust's youth work. The two sub-goals test practical changes; the indicators below tell us whether young people actually feel, and are, safer.

            The quarterly survey is run independently by the University of Riverside.
            """,
            [
                ("RCC", "Community Safety team (1.5 FTE), street-lighting and CCTV budgets, and the link to the bus operators' contract."),
                ("UoR", "Runs the quarterly Riverside youth safety survey (about 600 young people aged 12–19) and shares the anonymised results."),
                ("SRT", "Shares anonymised, aggregated journey and alert data to show where and when young people feel unsafe."),
                ("ST", "Its youth panel of 25 young people reviews every proposal before it goes to the board."),
            ],
            [
                new("Young people who feel safe in the city centre after dark", "%", 48, 65, IndicatorDirection.Increase, Cadence.Quarterly,
                    "University of Riverside youth safety survey (quarterly panel, ages 12–19)",
                    [("2026-12-31", 54), ("2027-12-31", 60), ("2028-03-31", 65)], 0.35, 1.5, 0,
                    "YJU 4 4 4; SRT 4 4 4; ST 3 3 3; PS 3 3 3"),
                new("Violent offences against under-18s in public places", "offences a month", 64, 45, IndicatorDirection.Decrease, Cadence.Monthly,
                    "Riverside Police recorded crime, via the council's Community Safety team",
                    [("2026-12-31", 56), ("2027-12-31", 50)], 0.4, 5, 0,
                    "YJU 3 3 3; ST 3 3 2; SRT 4 4 4",
                    Notes: [(4, "Summer peak lower than last year."), (1, "Usual autumn rise as the evenings draw in.")],
                    Views: [("ST", "Our detached youth workers see more robberies near the Eastgate interchange than the recorded figures show.")]),
            ]),

        new("app", "streets", "Pilot the SafeRoute journey-alert app on the three busiest late-evening bus routes", "SRT", Priya, GoalStatus.OnTrack, new(2026, 12, 31),
            """
            A twelve-month pilot of the SafeRoute app on routes 4, 11 and 27, which carry most young people in the city between 18:00 and 02:00. Young people can share a journey with a trusted adult and send a discreet alert that reaches the council's CCTV control room.

            - SafeRoute provides the platform and engineering support free of charge for the pilot year.
            - The University of Riverside reviewed the ethics and data protection arrangements before launch.
            - Streetlight Trust's youth panel co-designed the alert wording and onboarding.

            The pilot was extended to December 2026 to include a full autumn term. The board will decide in January whether to extend it city-wide.
            """,
            [
                ("SRT", "Provides the app, the alert platform and two engineers free of charge for the pilot year (valued at about £180,000)."),
                ("RCC", "Connects alerts to the CCTV control room and arranges signage at stops with the bus operators."),
                ("UoR", "Ethics review, data protection impact assessment and a user-experience study with 40 young people."),
                ("ST", "Co-designs alert wording and onboarding with its youth panel, and runs launch sessions in schools and colleges."),
            ],
            [
                new("Monthly active users aged 13–19", "users", 0, 2500, IndicatorDirection.Increase, Cadence.Monthly,
                    "SafeRoute platform analytics (anonymised)",
                    [("2026-06-30", 1200), ("2026-12-31", 2500)], 0.92, 120, 0,
                    "SRT 4 5 5; ST 3 4 4; YJU 3 4 4",
                    Notes: [(12, "Soft launch with the youth panel and first testers."), (10, "Launched at Northfield Academy and Riverside College."), (2, "Half-term dip; recovered by the end of the month.")]),
                new("Median time from alert to control-room response", "minutes", 14, 8, IndicatorDirection.Decrease, Cadence.Monthly,
                    "Council CCTV control-room log matched to SafeRoute alert timestamps",
                    [("2026-06-30", 11), ("2026-12-31", 8)], 0.6, 0.8, 1,
                    "SRT 4 5 5; ST 3 3 2; YJU 3 3 3",
                    Views: [("ST", "Young people on our panel report waits of 15 minutes or more at weekends; the median hides that."),
                        ("SRT", "Weekday response is now under nine minutes, and the new weekend control-room rota starts in December.")]),
                new("App availability between 18:00 and 02:00", "%", 99.5, 99.5, IndicatorDirection.Maintain, Cadence.Monthly,
                    "SafeRoute uptime monitoring",
                    [("2026-12-31", 99.5)], 0, 0.3, 2,
                    "SRT 5 5 5; YJU 4 4 4; ST 4 4 4",
                    Notes: [(5, "45-minute outage after a hosting change; post-incident review shared with partners.")]),
            ]),

        new("spaces", "streets", "Open evening youth spaces in the four wards with the most youth victimisation", "RCC", Grace, GoalStatus.NotStarted, new(2027, 12, 31),
            """
            Safe, staffed places for young people to go between 17:00 and 22:00, three evenings a week, in Eastgate, Northfield, Millbrook and Riverside Central, the four wards where young people are most often victims of crime in the evening.

            Delivery starts when the buildings are ready in April 2027. Until then we are consulting young people on what the spaces should offer and monitoring evening crime in the four wards, so that we have a sound baseline.

            Streetlight Trust's staffing depends on a lottery bid due to be decided in March 2027.
            """,
            [
                ("RCC", "Makes four council buildings available rent-free from 17:00 to 22:00, three evenings a week, from April 2027."),
                ("ST", "Will staff each session with two qualified youth workers, funded from its lottery bid if successful."),
                ("SRT", "£25,000 towards fit-out and Wi-Fi, and promotion of the spaces to app users in the four wards."),
            ],
            [
                new("Evening assaults and robberies involving under-18s in the four wards", "offences a quarter", 118, 85, IndicatorDirection.Decrease, Cadence.Quarterly,
                    "Riverside Police recorded crime (17:00–23:00), via the council's Community Safety team",
                    [("2027-06-30", 105), ("2027-12-31", 85)], 0, 8, 0,
                    "YJU 3 3 3; ST 4 3 3; SRT 3 3 3",
                    Notes: [(1, "Baseline monitoring only until the spaces open.")]),
                new("Young people consulted on the design of the spaces", "young people", 0, 400, IndicatorDirection.Increase, Cadence.Monthly,
                    "Streetlight Trust consultation records",
                    [("2026-12-31", 250), ("2027-03-31", 400)], 0.55, 6, 0,
                    "ST 4 4 3; YJU 3 3 3; SRT 4 4 4",
                    Notes: [(6, "Consultation sessions started in Eastgate and Northfield.")]),
            ]),
    ];

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail,
        IReadOnlyDictionary<string, Organisation> organisationsByName, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.Goals.AnyAsync(g => g.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var random = new Random(42);
        var start = await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.CreatedUtc).FirstAsync(ct);
        var thisMonth = new DateOnly(nowUtc.Year, nowUtc.Month, 1);
        var history = new List<(DateTime At, string UserId, string Type, object EntityId, string Field, string? Old, string? New, Guid GoalId)>();

        string UserOf(string email) => peopleByEmail[email].Id;
        Guid OrgOf(string key) => organisationsByName[Orgs[key].Name].Id;

        // Keeps a back-dated moment after `notBefore` and in the past.
        DateTime Within(DateTime at, DateTime notBefore) =>
            at < notBefore ? notBefore.AddHours(1) : at > nowUtc ? nowUtc.AddHours(-1) : at;

        var goalIds = new Dictionary<string, Guid>();
        for (var index = 0; index < Goals.Length; index++)
        {
            var spec = Goals[index];
            var created = start.AddDays(2 + (2 * index)).AddHours(1 + index);
            var edits = Edits.Where(e => e.Goal == spec.Key).ToList();
            string Initial(GoalField field, string current) => edits.FirstOrDefault(e => e.Field == field).Old ?? current;

            var goal = new Goal
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnershipId,
                ParentGoalId = spec.Parent is null ? null : goalIds[spec.Parent],
                Title = spec.Title,
                Description = spec.Description.Trim(),
                LeadOrganisationId = OrgOf(spec.Lead),
                OwnerUserId = UserOf(spec.Owner),
                Status = spec.Status,
                DueDate = spec.Due,
                CreatedUtc = created,
                UpdatedUtc = edits.Count == 0 ? created.AddHours(2) : edits.Max(e => EditedAt(created, e.Day)),
            };
            goalIds[spec.Key] = goal.Id;
            db.Goals.Add(goal);

            var ownerId = UserOf(spec.Owner);
            var creatorId = UserOf(Ana);
            void Log(DateTime at, string userId, string type, object entityId, string field, string? old, string? @new) =>
                history.Add((at, userId, type, entityId, field, old, @new, goal.Id));

            Log(created, creatorId, nameof(Goal), goal.Id, "Created", null, Initial(GoalField.Title, goal.Title));
            Log(created.AddMinutes(20), creatorId, nameof(Goal), goal.Id, nameof(GoalField.Owner), creatorId, ownerId);
            Log(created.AddHours(2), ownerId, nameof(Goal), goal.Id, nameof(GoalField.Description), "", goal.Description);
            foreach (var edit in edits)
            {
                Log(EditedAt(created, edit.Day), UserOf(edit.By), nameof(Goal), goal.Id, edit.Field.ToString(), edit.Old, edit.New);
            }

            for (var c = 0; c < spec.Contributions.Length; c++)
            {
                var (org, commitment) = spec.Contributions[c];
                var contribution = new GoalContribution { Id = Guid.NewGuid(), GoalId = goal.Id, OrganisationId = OrgOf(org), Commitment = commitment };
                db.GoalContributions.Add(contribution);
                var by = Orgs[org].Recorder ?? spec.Owner;
                Log(created.AddDays(1).AddHours(c), UserOf(by), nameof(GoalContribution), contribution.OrganisationId, "Commitment", null, commitment);
            }

            foreach (var indicatorSpec in spec.Indicators)
            {
                AddIndicator(indicatorSpec, created.AddDays(2));
            }

            void AddIndicator(IndicatorSpec s, DateTime indicatorCreated)
            {
                var indicator = new Indicator
                {
                    Id = Guid.NewGuid(),
                    GoalId = goal.Id,
                    PartnershipId = partnershipId,
                    Name = s.Name,
                    Unit = s.Unit,
                    Baseline = s.Baseline,
                    Target = s.Target,
                    Direction = s.Direction,
                    Cadence = s.Cadence,
                    DataSource = s.DataSource,
                    CreatedUtc = indicatorCreated,
                    Milestones =
                    [
                        .. s.Milestones.Select(m => new IndicatorMilestone
                        {
                            Id = Guid.NewGuid(),
                            Date = DateOnly.ParseExact(m.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                            TargetValue = m.Value,
                        }),
                    ],
                };
                db.Indicators.Add(indicator);
                Log(indicatorCreated, ownerId, nameof(Indicator), indicator.Id, "Created", null, indicator.Name);

                // Monthly: the last twelve months up to last month. Quarterly: every third month ending last month.
                int[] monthsAgo = s.Cadence == Cadence.Quarterly ? [10, 7, 4, 1] : [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
                foreach (var ago in monthsAgo)
                {
                    var asOf = thisMonth.AddMonths(-ago + 1).AddDays(-1);
                    var share = (13 - ago) / 12.0;
                    var trend = s.Direction == IndicatorDirection.Maintain ? s.Target : s.Baseline + ((s.Target - s.Baseline) * s.Progress * share);
                    var value = Math.Max(0, trend + (((random.NextDouble() * 2) - 1) * s.Noise));
                    value = Math.Round(s.Unit == "%" ? Math.Min(100, value) : value, s.Decimals);
                    var recorder = random.Next(4) == 0 ? creatorId : ownerId;
                    var recorded = Within(asOf.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc).AddDays(2 + random.Next(5)).AddHours(random.Next(8)), indicatorCreated);
                    var checkIn = new CheckIn
                    {
                        Id = Guid.NewGuid(),
                        IndicatorId = indicator.Id,
                        Value = value,
                        AsOf = asOf,
                        Comment = s.Notes?.FirstOrDefault(n => n.MonthsAgo == ago).Text ?? "",
                        RecordedByUserId = recorder,
                        RecordedUtc = recorded,
                    };
                    db.CheckIns.Add(checkIn);
                    Log(recorded, recorder, nameof(CheckIn), indicator.Id, "Value", null,
                        string.Create(CultureInfo.InvariantCulture, $"{value:0.####} {s.Unit} as of {asOf:d MMM yyyy}"));
                }

                var confidences = s.Confidence.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var o = 0; o < confidences.Length; o++)
                {
                    var parts = confidences[o].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var org = parts[0];
                    var recorder = UserOf(Orgs[org].Recorder!);
                    for (var round = 0; round < ConfidenceRounds.Length; round++)
                    {
                        var level = int.Parse(parts[round + 1], CultureInfo.InvariantCulture);
                        var isLatest = round == ConfidenceRounds.Length - 1;
                        var at = Within(thisMonth.AddMonths(-ConfidenceRounds[round]).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc)
                            .AddDays(3 + (2 * o) + random.Next(3)).AddMinutes(random.Next(300)), indicatorCreated);
                        db.ConfidenceRecords.Add(new ConfidenceRecord
                        {
                            Id = Guid.NewGuid(),
                            IndicatorId = indicator.Id,
                            OrganisationId = OrgOf(org),
                            Level = level,
                            Comment = isLatest ? s.Views?.FirstOrDefault(v => v.Org == org).Text ?? "" : "",
                            RecordedByUserId = recorder,
                            RecordedUtc = at,
                        });
                        Log(at, recorder, nameof(ConfidenceRecord), indicator.Id, "Confidence", null, $"{level} of 5");
                    }
                }
            }
        }

        static DateTime EditedAt(DateTime created, int day) => created.AddDays(day).AddHours(day % 7);

        // The activity page lists changes in the order they were stored, so store them in time order.
        foreach (var h in history.OrderBy(h => h.At))
        {
            db.Record(partnershipId, h.UserId, h.At, h.Type, h.EntityId, h.Field, h.Old, h.New, h.GoalId);
        }

        await db.SaveChangesAsync(ct);
    }
}
