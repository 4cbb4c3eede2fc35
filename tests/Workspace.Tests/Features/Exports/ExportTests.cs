using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Exports;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Exports;

/// <summary>Exports are for members, neutralise formulas in text, and keep numbers and dates as values.</summary>
public sealed class ExportTests : ServiceTestBase
{
    private const string Injection = "=HYPERLINK(\"http://evil.example\",\"Click\")";

    private readonly string _anna;
    private readonly Guid _partnership;

    public ExportTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _partnership = Db.AddPartnership("Clean Rivers", (_anna, PartnershipRole.Observer));
        var goal = Db.AddGoal(_partnership, Injection);
        var indicator = Db.AddIndicator(goal, "-Net change", 10, -5, IndicatorDirection.Decrease);
        using var db = Db.CreateDbContext();
        db.CheckIns.Add(new CheckIn { Id = Guid.NewGuid(), IndicatorId = indicator, Value = -2.5, AsOf = new DateOnly(2026, 2, 1), Comment = "@mention\tthen", RecordedByUserId = _anna, RecordedUtc = new DateTime(2026, 2, 2, 10, 0, 0) });
        var contribution = new Contribution
        {
            Id = Guid.NewGuid(),
            PartnershipId = _partnership,
            OrganisationId = db.Users.Single(u => u.Id == _anna).OrganisationId!.Value,
            Kind = ContributionKind.Money,
            Description = Injection,
            Amount = 1_250.5m,
            Currency = "EUR",
            PeriodStart = new DateOnly(2026, 1, 1),
            PeriodEnd = new DateOnly(2026, 12, 31),
            CreatedByUserId = _anna,
            CreatedUtc = new DateTime(2026, 1, 5, 9, 0, 0),
            UpdatedByUserId = _anna,
            UpdatedUtc = new DateTime(2026, 1, 5, 9, 0, 0),
        };
        contribution.Goals.Add(new ContributionGoal { ContributionId = contribution.Id, GoalId = goal });
        db.Contributions.Add(contribution);
        db.SaveChanges();
        Db.AddLogEntry(_partnership, _anna, EntryKind.Action, "+1 call the mayor", e => e.DueDate = new DateOnly(2026, 1, 1));
        Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Plain proposal");
    }

    private ExportService NewExportService() => new(Db, Clock);

    public static TheoryData<string?, string> Texts => new()
    {
        { null, "" },
        { "", "" },
        { "Plain", "Plain" },
        { "=1+1", "'=1+1" },
        { "+44 20", "'+44 20" },
        { "-5", "'-5" },
        { "@SUM(A1)", "'@SUM(A1)" },
        { "\tcmd", "'\tcmd" },
        { "\rcmd", "'\rcmd" },
        { "a=b", "a=b" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_StartingLikeAFormula_IsPrefixedWithAnApostrophe(string? value, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Text(value));

    [Fact]
    public void NumbersAndDates_AreValues_NotNeutralisedText()
    {
        Assert.Equal("-5", SpreadsheetSafe.Csv(-5.0));
        Assert.Equal("-3", SpreadsheetSafe.Csv(-3));
        Assert.Equal("2026-02-01", SpreadsheetSafe.Csv(new DateOnly(2026, 2, 1)));
        Assert.Equal("Yes", SpreadsheetSafe.Csv(true));
    }

    [Fact]
    public async Task NonMember_AndUnknownKind_GetNotFound()
    {
        var stranger = Db.AddPerson("Sam Stranger");

        Assert.Equal(ErrorKind.NotFound, (await NewExportService().ExportAsync(stranger, _partnership, null, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewExportService().ExportAsync(_anna, Guid.NewGuid(), null, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewExportService().ExportAsync(_anna, _partnership, ["passwords"], Ct)).Error?.Kind);
    }

    [Fact]
    public async Task Csv_NeutralisesTheFormulaTitle_AndKeepsNegativeNumbers()
    {
        var export = (await NewExportService().ExportAsync(_anna, _partnership, ["goals", "check-ins"], Ct)).Value!;

        var goals = ReadCsv(ExportWriters.Csv(export.Tables[0]));
        Assert.Equal("Goal", goals[0][0]);
        Assert.Equal("'" + Injection, goals[1][0]);
        var checkIns = ReadCsv(ExportWriters.Csv(export.Tables[1]));
        Assert.Equal(["Goal", "Indicator", "Unit", "As of", "Value", "Comment", "Recorded by", "Organisation", "Recorded (UTC)"], checkIns[0]);
        Assert.Equal(["'" + Injection, "'-Net change", "", "2026-02-01", "-2.5", "'@mention\tthen", "Anna Archer", TestData.DefaultOrganisationName, "2026-02-02 10:00:00Z"], checkIns[1]);
    }

    [Fact]
    public async Task Workbook_HasASheetPerKind_WithTextNeutralisedAndNumbersAsNumbers()
    {
        var export = (await NewExportService().ExportAsync(_anna, _partnership, null, Ct)).Value!;

        using var workbook = new XLWorkbook(new MemoryStream(ExportWriters.Workbook(export.Tables)));

        Assert.Equal(["Goals", "Indicators", "Check-ins", "Decisions", "Actions", "Contributions"], workbook.Worksheets.Select(w => w.Name));
        var contributions = workbook.Worksheet("Contributions");
        Assert.Equal(("'" + Injection, XLDataType.Number, 1_250.5, "EUR"), (contributions.Cell(2, 4).GetString(), contributions.Cell(2, 5).DataType, contributions.Cell(2, 5).GetDouble(), contributions.Cell(2, 6).GetString()));
        Assert.Equal("'" + Injection, contributions.Cell(2, 12).GetString());
        var goal = workbook.Worksheet("Goals").Cell(2, 1);
        Assert.Equal("'" + Injection, goal.GetString());
        Assert.False(goal.HasFormula);
        var value = workbook.Worksheet("Check-ins").Cell(2, 5);
        Assert.Equal(XLDataType.Number, value.DataType);
        Assert.Equal(-2.5, value.GetDouble());
        Assert.Equal("'+1 call the mayor", workbook.Worksheet("Actions").Cell(2, 1).GetString());
        Assert.Equal("Yes", workbook.Worksheet("Actions").Cell(2, 6).GetString());
        Assert.Equal("Plain proposal", workbook.Worksheet("Decisions").Cell(2, 1).GetString());
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        using var reader = CsvReader.Create(bytes[3..], new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }
}
