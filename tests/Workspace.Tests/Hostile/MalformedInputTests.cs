using System.Text.Json;
using ClosedXML.Excel;
using CsvHelper;
using Workspace.Tests.Features.Workshops;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Exports;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Profile;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Hostile;

/// <summary>
/// Oversized and malformed input, decided field by field. Numbers that are not finite or too large, dates
/// outside 2000–2100 and text over a field's limit are refused with a message that states the limit.
/// Control characters, lone surrogates and bidi overrides in titles are stored as typed (they are what the
/// person wrote, and Razor encodes them on output); what matters is that every way out (events, CSV, Excel,
/// personal data JSON, iCalendar) still works and cannot be turned into a formula or a calendar property.
/// </summary>
public sealed class MalformedInputTests : WorkshopTestBase
{
    private static readonly string Megabyte = new('x', 1 << 20);
    private static readonly string MegabyteOfWhitespace = new(' ', 1 << 20);

    public static TheoryData<string, double> BadNumbers
    {
        get
        {
            var data = new TheoryData<string, double>();
            foreach (var name in new[] { "check-in value", "baseline", "target", "milestone target" })
            {
                foreach (var number in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308 })
                {
                    data.Add(name, number);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public async Task NumberThatIsNotFiniteOrTooLarge_IsRefusedWithTheRange_AndNothingIsStored(string field, double number)
    {
        // Arrange
        var goal = Db.AddGoal(Partnership, "Feed every family");
        var indicator = Db.AddIndicator(goal, "Families fed", baseline: 0, target: 100);
        var indicators = NewIndicatorService();
        var today = DateOnly.FromDateTime(UtcNow);
        var before = StoredState.Of(Db);

        // Act
        Result result = field switch
        {
            "check-in value" => await indicators.RecordCheckInAsync(Cara, Partnership, indicator, new CheckInInput { Value = number, AsOf = today }, Ct),
            "baseline" => await indicators.AddAsync(Cara, Partnership, goal, new IndicatorInput { Name = "Meals", Baseline = number, Target = 10 }, Ct),
            "target" => await indicators.AddAsync(Cara, Partnership, goal, new IndicatorInput { Name = "Meals", Baseline = 0, Target = number }, Ct),
            _ => await indicators.UpdateAsync(Cara, Partnership, indicator, new IndicatorInput
            {
                Name = "Families fed",
                Baseline = 0,
                Target = 100,
                Version = 1,
                Milestones = [new MilestoneInput { Date = today, TargetValue = number }],
            }, Ct),
        };

        // Assert
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains("must be a number between -1,000,000,000,000 and 1,000,000,000,000", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(Events.Published);
        Assert.Equal(before, StoredState.Of(Db));
        var sane = await indicators.RecordCheckInAsync(Cara, Partnership, indicator, new CheckInInput { Value = 1e12, AsOf = today }, Ct);
        Assert.True(sane.Succeeded, sane.Error?.Message);
    }

    public static TheoryData<string, int> FarDates => new()
    {
        { "check-in", 1 }, { "check-in", 9999 }, { "workshop", 1 }, { "workshop", 9999 }, { "milestone", 1 }, { "milestone", 9999 },
    };

    [Theory]
    [MemberData(nameof(FarDates))]
    public async Task DateInYear1Or9999_IsRefusedWithTheYearsAllowed(string field, int year)
    {
        // Arrange
        var goal = Db.AddGoal(Partnership, "Feed every family");
        var indicator = Db.AddIndicator(goal, "Families fed", baseline: 0, target: 100);
        var date = year == 1 ? DateOnly.MinValue : new DateOnly(9999, 12, 31);
        var before = StoredState.Of(Db);

        // Act
        Result result = field switch
        {
            "check-in" => await NewIndicatorService().RecordCheckInAsync(Cara, Partnership, indicator, new CheckInInput { Value = 5, AsOf = date }, Ct),
            "workshop" => await Workshops.CreateAsync(Fran, Partnership, new WorkshopInput { Title = "Plan", StartsUtc = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) }, Ct),
            _ => await NewIndicatorService().UpdateAsync(Cara, Partnership, indicator, new IndicatorInput
            {
                Name = "Families fed",
                Baseline = 0,
                Target = 100,
                Version = 1,
                Milestones = [new MilestoneInput { Date = date, TargetValue = 50 }],
            }, Ct),
        };

        // Assert
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains("2000", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(Events.Published);
        Assert.Equal(before, StoredState.Of(Db));
    }

    public static TheoryData<string, string> Oversized => new()
    {
        { "goal title", "whitespace" }, { "goal title", "text" },
        { "entry title", "whitespace" }, { "entry title", "text" }, { "entry body", "text" },
        { "reply", "whitespace" }, { "reply", "text" },
        { "idea", "whitespace" }, { "idea", "text" },
        { "workshop title", "whitespace" }, { "workshop title", "text" },
        { "check-in comment", "text" },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task OneMegabyte_IsRefusedAsEmptyOrTooLong_AndNothingIsStored(string field, string kind)
    {
        // Arrange
        var (workshop, item, _) = await LiveAsync();
        var goal = Db.AddGoal(Partnership, "Feed every family");
        var indicator = Db.AddIndicator(goal, "Families fed", baseline: 0, target: 100);
        var decision = Db.AddLogEntry(Partnership, Fran, EntryKind.Decision, "Open on Sundays");
        var text = kind == "text" ? Megabyte : MegabyteOfWhitespace;
        var before = StoredState.Of(Db);
        Events.Clear();

        // Act
        Result result = field switch
        {
            "goal title" => await NewGoalService().CreateAsync(Cara, Partnership, new NewGoalInput { Title = text }, Ct),
            "entry title" => await NewLogService().PostAsync(Cara, Partnership, new EntryInput { Title = text }, Ct),
            "entry body" => await NewLogService().PostAsync(Cara, Partnership, new EntryInput { Title = "Notes", Body = text }, Ct),
            "reply" => await NewReplyService().ReplyAsync(Cara, Partnership, decision, text, [], Ct),
            "idea" => await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, text, Ct),
            "workshop title" => await Workshops.CreateAsync(Fran, Partnership, new WorkshopInput { Title = text, StartsUtc = UtcNow.AddDays(1) }, Ct),
            _ => await NewIndicatorService().RecordCheckInAsync(Cara, Partnership, indicator,
                new CheckInInput { Value = 5, AsOf = DateOnly.FromDateTime(UtcNow), Comment = text }, Ct),
        };

        // Assert
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        var expected = kind == "text" ? "characters or fewer (it has 1048576)" : "is required";
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(Events.Published);
        Assert.Equal(before, StoredState.Of(Db));
    }

    public static TheoryData<string, string> StrangeCharacters => new()
    {
        { "NUL", "\u0000" }, { "BEL", "\u0007" }, { "ESC", "\u001B" }, { "lone high surrogate", "\uD800" }, { "lone low surrogate", "\uDC00" },
        { "right-to-left override", "\u202E" },
    };

    [Theory]
    [MemberData(nameof(StrangeCharacters))]
    public async Task StrangeCharacterInATitle_IsStoredAsTypedWithOverridesClosed_AndEveryExportStillWorks(string name, string character)
    {
        // Arrange
        var title = $"Plan{character}gnp.exe";

        // Act
        var goal = await NewGoalService().CreateAsync(Cara, Partnership, new NewGoalInput { Title = title }, Ct);
        var entry = await NewLogService().PostAsync(Cara, Partnership, new EntryInput { Kind = EntryKind.Decision, Title = title }, Ct);

        // Assert
        Assert.True(goal.Succeeded, $"{name}: {goal.Error?.Message}");
        Assert.True(entry.Succeeded, $"{name}: {entry.Error?.Message}");
        // An override is closed where the title ends, so it cannot reverse the text shown after it.
        var stored = character == "\u202E" ? title + "\u202C" : title;
        Assert.Equal(stored, Db.Read(db => db.Goals.Single(g => g.Id == goal.Value!.Id).Title));
        Assert.Equal(stored, entry.Value!.Title);
        Assert.NotEmpty(Events.Published);
        Assert.All(Events.Published, e => Assert.NotEmpty(JsonSerializer.Serialize(e, e.GetType(), ExportEndpoints.Json)));
        var export = (await new ExportService(Db, Clock).ExportAsync(Cara, Partnership, null, Ct)).Value!;
        Assert.All(export.Tables, t => Assert.NotEmpty(ExportWriters.Csv(t)));
        Assert.NotEmpty(ExportWriters.Workbook(export.Tables));
        Assert.NotNull(await new PersonalDataService(Db, Clock).ExportAsync(Cara, Ct));
    }

    public static TheoryData<string> FormulaTitles => ["=HYPERLINK(\"https://evil.example\",\"Open\")", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];

    [Theory]
    [MemberData(nameof(FormulaTitles))]
    public async Task FormulaAtTheStartOfAGoalTitle_IsExportedAsTextInCsvAndExcel(string title)
    {
        // Arrange: stored directly, because the services trim a leading tab or carriage return.
        Db.AddGoal(Partnership, title);

        // Act
        var export = (await new ExportService(Db, Clock).ExportAsync(Cara, Partnership, ["goals"], Ct)).Value!;
        var csv = ExportWriters.Csv(export.Tables.Single());
        var workbook = ExportWriters.Workbook(export.Tables);

        // Assert
        Assert.Contains("'" + title, CsvCells(csv));
        using var book = new XLWorkbook(new MemoryStream(workbook));
        var cells = book.Worksheet(1).CellsUsed().ToList();
        Assert.DoesNotContain(cells, c => c.HasFormula);
        // Excel stores a carriage return as a line feed, so the cell is compared after its first character.
        Assert.Contains(cells, c => c.GetString().StartsWith('\'') && c.GetString()[2..] == title[1..]);
    }

    public static TheoryData<string> CalendarFields => ["title", "description", "location"];

    [Theory]
    [MemberData(nameof(CalendarFields))]
    public async Task LineBreakInAWorkshopField_CannotAddACalendarProperty(string field)
    {
        // Arrange
        const string Injected = "Plan\r\nATTENDEE;CN=Mallory:mailto:mallory@evil.example\r\nBEGIN:VALARM\nTRIGGER:-PT1M";
        var input = new WorkshopInput { Title = "Winter plan", StartsUtc = UtcNow.AddDays(2) };
        if (field == "title")
        {
            input.Title = Injected;
        }
        else if (field == "description")
        {
            input.Description = Injected;
        }
        else
        {
            input.Location = Injected;
        }

        var workshop = await Workshops.CreateAsync(Fran, Partnership, input, Ct);
        Assert.True(workshop.Succeeded, workshop.Error?.Message);

        // Act
        var file = await Outputs.CalendarFileAsync(Cara, Partnership, workshop.Value!.Id, new Uri("https://workspace.example.org/w/1"), Ct);

        // Assert
        Assert.True(file.Succeeded, file.Error?.Message);
        var lines = file.Value.Content.Split("\r\n");
        Assert.DoesNotContain(lines, l => l.StartsWith("ATTENDEE", StringComparison.OrdinalIgnoreCase) || l.StartsWith("TRIGGER", StringComparison.OrdinalIgnoreCase));
        Assert.Single(lines, l => l.StartsWith("BEGIN:", StringComparison.Ordinal) && l != "BEGIN:VCALENDAR");
        Assert.DoesNotContain(file.Value.FileName, c => c is '\r' or '\n' or '/' or '\\' or '"');
    }

    private static List<string> CsvCells(byte[] csv)
    {
        using var reader = CsvReader.Create(csv[3..], new CsvReaderOptions { HasHeader = false });
        var cells = new List<string>();
        while (reader.Read())
        {
            cells.AddRange(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString));
        }

        return cells;
    }
}
