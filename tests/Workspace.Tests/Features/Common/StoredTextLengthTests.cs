using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Common;

/// <summary>
/// A length limit measures the text as it is stored, and what is stored is that text: whitespace around
/// a short text (a megabyte of it) is neither stored nor counted, and no text passes a limit only to be
/// stored longer than it. Every service that stores text is tried, one field each.
/// </summary>
public sealed class StoredTextLengthTests : ServiceTestBase
{
    /// <summary>A mebibyte of spaces, tabs and line breaks.</summary>
    private static readonly string Whitespace = string.Concat(Enumerable.Repeat(" \t\r\n", 262_144));

    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _organisation;
    private readonly Guid _partnership;

    public StoredTextLengthTests()
    {
        _organisation = Db.AddOrganisation("Riverside Council");
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _organisation);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _organisation);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
    }

    public static TheoryData<string> Fields =>
    [
        "goal title", "goal description", "contribution", "indicator name", "check-in comment", "log entry title", "log entry text",
        "reply", "decision outcome", "partnership purpose", "organisation name", "display name", "workshop title", "idea", "poll question",
    ];

    /// <summary>One text field: its limit, how a person saves it, and every value of it in the database.</summary>
    private sealed record TextField(int MaxLength, string Label, Func<string, Task<Result>> SaveAsync, Func<IReadOnlyList<string>> Stored);

    private async Task<TextField> FieldAsync(string name)
    {
        switch (name)
        {
            case "goal title":
                return new(Goal.TitleMaxLength, "Title",
                    async text => await NewGoalService().CreateAsync(_cara, _partnership, new NewGoalInput { Title = text }, Ct),
                    () => Db.Read(db => db.Goals.Select(g => g.Title).ToList()));
            case "goal description":
                {
                    var goal = Db.AddGoal(_partnership, "Halve food waste");
                    return new(Goal.DescriptionMaxLength, "Description",
                        async text => await NewGoalService().SaveFieldAsync(_cara, _partnership, goal, GoalField.Description, "", text, Ct),
                        () => Db.Read(db => db.Goals.Select(g => g.Description).Where(d => d != "").ToList()));
                }

            case "contribution":
                {
                    var goal = Db.AddGoal(_partnership, "Halve food waste");
                    return new(GoalContribution.CommitmentMaxLength, "Contribution",
                        async text => await NewGoalService().SetContributionAsync(_cara, _partnership, goal, _organisation, text, Ct),
                        () => Db.Read(db => db.GoalContributions.Select(c => c.Commitment).ToList()));
                }

            case "indicator name":
                {
                    var goal = Db.AddGoal(_partnership, "Halve food waste");
                    return new(Indicator.NameMaxLength, "Name",
                        async text => await NewIndicatorService().AddAsync(_cara, _partnership, goal, new IndicatorInput { Name = text, Baseline = 0, Target = 10 }, Ct),
                        () => Db.Read(db => db.Indicators.Select(i => i.Name).ToList()));
                }

            case "check-in comment":
                {
                    var indicator = Db.AddIndicator(Db.AddGoal(_partnership, "Halve food waste"), "Meals saved", 0, 10);
                    return new(CheckIn.CommentMaxLength, "Comment",
                        async text => await NewIndicatorService().RecordCheckInAsync(_cara, _partnership, indicator,
                            new CheckInInput { Value = 4, AsOf = DateOnly.FromDateTime(UtcNow), Comment = text }, Ct),
                        () => Db.Read(db => db.CheckIns.Select(c => c.Comment).ToList()));
                }

            case "log entry title":
                return new(LogEntry.TitleMaxLength, "Title",
                    async text => await NewLogService().PostAsync(_cara, _partnership, new EntryInput { Title = text }, Ct),
                    () => Db.Read(db => db.LogEntries.Select(e => e.Title).ToList()));
            case "log entry text":
                return new(LogEntry.BodyMaxLength, "Text",
                    async text => await NewLogService().PostAsync(_cara, _partnership, new EntryInput { Title = "Note", Body = text }, Ct),
                    () => Db.Read(db => db.LogEntries.Select(e => e.Body).ToList()));
            case "reply":
                {
                    var entry = Db.AddLogEntry(_partnership, _fran, EntryKind.Note, "Note");
                    return new(ReplyService.ReplyMaxLength, "Reply",
                        async text => await NewReplyService().ReplyAsync(_cara, _partnership, entry, text, [], Ct),
                        () => Db.Read(db => db.LogReplies.Select(r => r.Body).ToList()));
                }

            case "decision outcome":
                {
                    var entry = Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Pilot the app");
                    return new(LogEntry.OutcomeMaxLength, "Outcome",
                        async text => await NewDecisionService().CloseDecisionAsync(_fran, _partnership, entry, text, Ct),
                        () => Db.Read(db => db.LogEntries.Where(e => e.Outcome != null).Select(e => e.Outcome!).ToList()));
                }

            case "partnership purpose":
                return new(Partnership.PurposeMaxLength, "Purpose",
                    async text => await NewPartnershipService().UpdateAsync(_fran, _partnership, new PartnershipInput
                    {
                        Name = "Food Security",
                        Purpose = text,
                        Status = PartnershipStatus.Active,
                        Version = Db.Read(db => db.Partnerships.Single(p => p.Id == _partnership).Version),
                    }, Ct),
                    () => Db.Read(db => db.Partnerships.Select(p => p.Purpose).Where(p => p != "The purpose of Food Security.").ToList()));
            case "organisation name":
                return new(Organisation.NameMaxLength, "Organisation name",
                    async text => await NewOrganisationService().CreateAsync(
                        Db.AddPersonWithoutOrganisation("Fay Founder", $"fay.{Guid.NewGuid():N}@example.org"), new OrganisationInput { Name = text, Sector = Sector.CivilSociety }, Ct),
                    () => Db.Read(db => db.Organisations.Select(o => o.Name).Where(n => n != "Riverside Council").ToList()));
            case "display name":
                return new(ApplicationUser.DisplayNameMaxLength, "Your name",
                    async text => await new ProfileService(Db).UpdateAsync(_cara, new ProfileInput { DisplayName = text }, Ct),
                    () => Db.Read(db => db.Users.Where(u => u.Id == _cara && u.DisplayName != "Cara Contributor").Select(u => u.DisplayName).ToList()));
            case "workshop title":
                return new(Workshop.TitleMaxLength, "Title",
                    async text => await NewWorkshopService().CreateAsync(_fran, _partnership, new WorkshopInput { Title = text, StartsUtc = UtcNow.AddDays(1) }, Ct),
                    () => Db.Read(db => db.Workshops.Select(w => w.Title).ToList()));
            case "idea":
                {
                    var (workshop, item) = await LiveWorkshopAsync();
                    return new(WorkshopIdea.TextMaxLength, "Idea",
                        async text => await NewIdeaService().AddIdeaAsync(_cara, _partnership, workshop, item, text, Ct),
                        () => Db.Read(db => db.WorkshopIdeas.Select(i => i.Text).ToList()));
                }

            default:
                {
                    var (workshop, item) = await LiveWorkshopAsync();
                    return new(WorkshopPoll.QuestionMaxLength, "Question",
                        async text => await NewVotingService().CreatePollAsync(_fran, _partnership, workshop, item, new PollInput { Question = text, Options = ["Yes", "No"] }, Ct),
                        () => Db.Read(db => db.WorkshopPolls.Select(p => p.Question).ToList()));
                }
        }
    }

    private async Task<(Guid Workshop, Guid Item)> LiveWorkshopAsync()
    {
        var workshops = NewWorkshopService();
        var workshop = (await workshops.CreateAsync(_fran, _partnership, new WorkshopInput { Title = "Plan", StartsUtc = UtcNow }, Ct)).Value!.Id;
        var item = (await workshops.AddItemAsync(_fran, _partnership, workshop, new AgendaItemInput { Title = "Ideas" }, Ct)).Value!.Items[0].Id;
        await workshops.StartAsync(_fran, _partnership, workshop, Ct);
        return (workshop, item);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task AMegabyteOfWhitespaceAroundAShortText_IsNeitherCountedNorStored(string name)
    {
        var field = await FieldAsync(name);

        var result = await field.SaveAsync(Whitespace + "Sunday opening" + Whitespace);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(["Sunday opening"], field.Stored());
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task TextOfExactlyTheLimit_WithWhitespaceAround_IsStoredAtTheLimit(string name)
    {
        var field = await FieldAsync(name);
        var text = new string('x', field.MaxLength);

        // A line break before the text: in Markdown, spaces before it on its own line are an indent, which is kept.
        var result = await field.SaveAsync("  \t\r\n" + text + " \r\n ");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([text], field.Stored());
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task TextOneOverTheLimit_WithWhitespaceAround_IsRefusedAndNothingIsStored(string name)
    {
        var field = await FieldAsync(name);

        var result = await field.SaveAsync(Whitespace + new string('x', field.MaxLength + 1) + Whitespace);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal($"{field.Label} must be {field.MaxLength} characters or fewer (it has {field.MaxLength + 1}).", result.Error!.FieldErrors!.Values.Single());
        Assert.Empty(field.Stored());
    }

    [Theory]
    [InlineData("goal description")]
    [InlineData("log entry text")]
    public async Task MarkdownIndentOfTheFirstLine_IsStored_SoItCounts(string name)
    {
        var field = await FieldAsync(name);
        var text = new string('x', field.MaxLength - 4);

        var atTheLimit = await field.SaveAsync("\r\n  \r\n    " + text + "\n\n");
        var over = await field.SaveAsync("\n    x" + text);

        Assert.True(atTheLimit.Succeeded, atTheLimit.Error?.Message);
        Assert.Equal(["    " + text], field.Stored());
        Assert.Equal($"{field.Label} must be {field.MaxLength} characters or fewer (it has {field.MaxLength + 1}).", over.Error?.Message);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData(" \r\n\t ", "")]
    [InlineData("\r\n\r\nFirst\r\n\r\n  Second  \r\n", "First\n\n  Second")]
    [InlineData("  \n    code\n", "    code")]
    [InlineData("Line\rbreak", "Line\nbreak")]
    public void StoredMarkdown_DropsBlankLinesBeforeAndWhitespaceAfter_AndKeepsTheIndent(string? value, string stored) =>
        Assert.Equal(stored, InputRules.StoredMarkdown(value));
}
