using System.Globalization;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Common;

/// <summary>
/// Every date a person enters lies between the years 2000 and 2100: year 9999 shown in a time zone east of
/// UTC overflows and breaks the page of everyone who opens it. A date out of range is refused with a message
/// on its field and nothing is stored, when something is created and when it is edited alike.
/// </summary>
public sealed class DateBoundsTests : ServiceTestBase
{
    private static readonly DateTime InRange = new(2026, 6, 30, 17, 0, 0, DateTimeKind.Utc);

    private readonly string _fran;
    private readonly Guid _partnership;

    public DateBoundsTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator));
    }

    public static TheoryData<string, string, DateTime> OutOfRange
    {
        get
        {
            var data = new TheoryData<string, string, DateTime>();
            foreach (var name in new[] { "decision deadline", "action due date", "goal due date", "milestone date", "workshop date", "check-in date" })
            {
                foreach (var when in name == "check-in date" ? ["create"] : new[] { "create", "edit" })
                {
                    data.Add(name, when, new DateTime(9999, 12, 31, 23, 0, 0, DateTimeKind.Utc));
                    data.Add(name, when, DateTime.MaxValue);
                    data.Add(name, when, DateTime.MinValue);
                }
            }

            return data;
        }
    }

    /// <summary>
    /// A date field: the field's key and message, saving a new thing with a date, editing one saved with
    /// <see cref="InRange"/>, every date stored, and how <see cref="InRange"/> reads when stored.
    /// </summary>
    private sealed record DateField(
        string Key, string Message, Func<DateTime, Task<Result>> CreateAsync, Func<DateTime, Task<Result>> EditAsync, Func<IReadOnlyList<string>> Stored, string InRangeStored);

    private DateField Field(string name)
    {
        var log = NewLogService();
        switch (name)
        {
            case "decision deadline":
                {
                    EntryInput Input(DateTime deadline) => new() { Kind = EntryKind.Decision, Title = "Pilot the app", DeadlineUtc = deadline };
                    return new(nameof(EntryInput.DeadlineUtc), "Enter a deadline between the years 2000 and 2100.",
                        async date => await log.PostAsync(_fran, _partnership, Input(date), Ct),
                        async date =>
                        {
                            var posted = (await log.PostAsync(_fran, _partnership, Input(InRange), Ct)).Value!;
                            var edit = Input(date);
                            edit.Version = posted.Version;
                            return await log.EditAsync(_fran, _partnership, posted.Id, edit, Ct);
                        },
                        () => Db.Read(db => db.LogEntries.Select(e => e.DeadlineUtc).ToList()).Select(Instant).ToList(), Instant(InRange));
                }

            case "action due date":
                {
                    EntryInput Input(DateTime due) => new() { Kind = EntryKind.Action, Title = "Share the data", AssigneeUserId = _fran, DueDate = DateOnly.FromDateTime(due) };
                    return new(nameof(EntryInput.DueDate), "Enter a due date between the years 2000 and 2100.",
                        async date => await log.PostAsync(_fran, _partnership, Input(date), Ct),
                        async date =>
                        {
                            var posted = (await log.PostAsync(_fran, _partnership, Input(InRange), Ct)).Value!;
                            var edit = Input(date);
                            edit.Version = posted.Version;
                            return await log.EditAsync(_fran, _partnership, posted.Id, edit, Ct);
                        },
                        () => Db.Read(db => db.LogEntries.Select(e => e.DueDate).ToList()).Select(Day).ToList(), Iso(InRange));
                }

            case "goal due date":
                {
                    var goals = NewGoalService();
                    return new(nameof(NewGoalInput.DueDate), "Enter a due date between the years 2000 and 2100.",
                        async date => await goals.CreateAsync(_fran, _partnership, new NewGoalInput { Title = "Halve food waste", DueDate = DateOnly.FromDateTime(date) }, Ct),
                        async date =>
                        {
                            var goal = (await goals.CreateAsync(_fran, _partnership, new NewGoalInput { Title = "Halve food waste", DueDate = DateOnly.FromDateTime(InRange) }, Ct)).Value!;
                            return await goals.SaveFieldAsync(_fran, _partnership, goal.Id, GoalField.DueDate, Iso(InRange), Iso(date), Ct);
                        },
                        () => Db.Read(db => db.Goals.Select(g => g.DueDate).ToList()).Select(Day).ToList(), Iso(InRange));
                }

            case "milestone date":
                {
                    var goal = Db.AddGoal(_partnership, "Halve food waste");
                    var indicators = NewIndicatorService();
                    IndicatorInput Input(DateTime date) => new() { Name = "Meals saved", Baseline = 0, Target = 10, Milestones = [new MilestoneInput { Date = DateOnly.FromDateTime(date), TargetValue = 5 }] };
                    return new("Milestones[0].Date", "Milestone 1: enter a date between the years 2000 and 2100.",
                        async date => await indicators.AddAsync(_fran, _partnership, goal, Input(date), Ct),
                        async date =>
                        {
                            var added = (await indicators.AddAsync(_fran, _partnership, goal, Input(InRange), Ct)).Value!;
                            var edit = Input(date);
                            edit.Version = added.Version;
                            return await indicators.UpdateAsync(_fran, _partnership, added.Id, edit, Ct);
                        },
                        () => Db.Read(db => db.Indicators.SelectMany(i => i.Milestones).Select(m => (DateOnly?)m.Date).ToList()).Select(Day).ToList(), Iso(InRange));
                }

            case "workshop date":
                {
                    var workshops = NewWorkshopService();
                    return new(nameof(WorkshopInput.StartsUtc), "Enter a date between the years 2000 and 2100.",
                        async date => await workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = date }, Ct),
                        async date =>
                        {
                            var planned = (await workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Winter plan", StartsUtc = InRange }, Ct)).Value!;
                            return await workshops.EditAsync(_fran, _partnership, planned.Id, new WorkshopInput { Title = "Winter plan", StartsUtc = date }, Ct);
                        },
                        () => Db.Read(db => db.Workshops.Select(w => (DateTime?)w.StartsUtc).ToList()).Select(Instant).ToList(), Instant(InRange));
                }

            default:
                {
                    var indicator = Db.AddIndicator(Db.AddGoal(_partnership, "Halve food waste"), "Meals saved", 0, 10);
                    return new(nameof(CheckInInput.AsOf), "The measurement date must be between 1 January 2000 and today.",
                        async date => await NewIndicatorService().RecordCheckInAsync(_fran, _partnership, indicator, new CheckInInput { Value = 4, AsOf = DateOnly.FromDateTime(date) }, Ct),
                        _ => throw new NotSupportedException("Check-ins are recorded, never edited."),
                        () => Db.Read(db => db.CheckIns.Select(c => (DateOnly?)c.AsOf).ToList()).Select(Day).ToList(), Iso(InRange));
                }
        }
    }

    private static string Iso(DateTime date) => Day(DateOnly.FromDateTime(date));

    private static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Instant(DateTime? date) => date?.ToString("u", CultureInfo.InvariantCulture) ?? "";

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task DateOutOfRange_IsRefusedWithAClearMessage_AndNothingIsStored(string name, string when, DateTime date)
    {
        var field = Field(name);
        var result = when == "create" ? await field.CreateAsync(date) : await field.EditAsync(date);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(field.Message, result.Error!.For(field.Key));
        string[] expected = when == "create" ? [] : [field.InRangeStored];
        Assert.Equal(expected, field.Stored());
    }

    [Theory]
    [InlineData("decision deadline")]
    [InlineData("action due date")]
    [InlineData("goal due date")]
    [InlineData("milestone date")]
    [InlineData("workshop date")]
    public async Task DateAtTheEndOfTheRange_IsStored_OnCreateAndOnEdit(string name)
    {
        var field = Field(name);
        var last = new DateTime(2100, 12, 31, 23, 59, 0, DateTimeKind.Utc);

        var created = await field.CreateAsync(last);
        var edited = await field.EditAsync(last);

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.True(edited.Succeeded, edited.Error?.Message);
        Assert.Equal(2, field.Stored().Count(d => d.StartsWith("2100-12-31", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EditingADecisionWhoseDeadlinePassed_KeepsIt_ButCannotMoveItIntoThePast()
    {
        var log = NewLogService();
        var posted = (await log.PostAsync(_fran, _partnership, new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app", DeadlineUtc = UtcNow.AddDays(1) }, Ct)).Value!;
        Clock.Advance(TimeSpan.FromDays(3));

        var kept = await log.EditAsync(_fran, _partnership, posted.Id,
            new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app in March", DeadlineUtc = posted.DeadlineUtc, Version = posted.Version }, Ct);
        var moved = await log.EditAsync(_fran, _partnership, posted.Id,
            new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app in March", DeadlineUtc = UtcNow.AddDays(-1), Version = kept.Value!.Version }, Ct);

        Assert.True(kept.Succeeded, kept.Error?.Message);
        Assert.Equal("The deadline has already passed: choose a date and time in the future.", moved.Error?.For(nameof(EntryInput.DeadlineUtc)));
    }
}
