using Workspace.Web.Features.Common;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>Bad input is refused with messages that state the limits, and nothing is saved.</summary>
public sealed class WorkshopValidationTests : WorkshopTestBase
{
    [Theory]
    [InlineData("", "Idea is required.")]
    [InlineData("   ", "Idea is required.")]
    public async Task EmptyIdea_IsRefused(string text, string message)
    {
        var (workshop, item, _) = await LiveAsync();

        var result = await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, text, Ct);

        Assert.Equal(message, result.Error?.For("Text"));
        Assert.Equal(0, Db.Read(db => db.WorkshopIdeas.Count()));
    }

    [Fact]
    public async Task OversizedIdea_IsRefusedWithTheLimit()
    {
        var (workshop, item, _) = await LiveAsync();

        var result = await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, new string('x', WorkshopIdea.TextMaxLength + 1), Ct);

        Assert.Equal("Idea must be 500 characters or fewer (it has 501).", result.Error?.For("Text"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(481)]
    public async Task TimeBox_OutsideOneMinuteToEightHours_IsRefused(int minutes)
    {
        var (workshop, _, _) = await PlanAsync();

        var result = await Workshops.AddItemAsync(Fran, Partnership, workshop, new AgendaItemInput { Title = "Break", TimeBoxMinutes = minutes }, Ct);

        Assert.Equal("Enter a time box between 1 minute and 8 hours (480 minutes).", result.Error?.For(nameof(AgendaItemInput.TimeBoxMinutes)));
        Assert.Equal(2, Db.Read(db => db.WorkshopItems.Count()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(480)]
    public async Task TimeBox_AtTheLimits_IsAccepted(int minutes)
    {
        var (workshop, _, _) = await PlanAsync();

        var result = await Workshops.AddItemAsync(Fran, Partnership, workshop, new AgendaItemInput { Title = "Break", TimeBoxMinutes = minutes }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Only one")]
    [InlineData("Yes|   ")]
    [InlineData("Yes|yes")]
    public async Task Poll_WithFewerThanTwoDistinctOptions_IsRefused(string joined)
    {
        var options = joined.Split('|');
        var (workshop, item, _) = await LiveAsync();

        var result = await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = "Meet weekly?", Options = [.. options] }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(nameof(PollInput.Options)));
        Assert.Equal(0, Db.Read(db => db.WorkshopPolls.Count()));
    }

    [Fact]
    public async Task Poll_WithoutAQuestion_IsRefused()
    {
        var (workshop, item, _) = await LiveAsync();

        var result = await Voting.CreatePollAsync(Fran, Partnership, workshop, item, new PollInput { Question = " ", Options = ["a", "b"] }, Ct);

        Assert.Equal("Question is required.", result.Error?.For(nameof(PollInput.Question)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task DotBudget_OutsideOneToTwenty_IsRefused(int dots)
    {
        var (workshop, item, _) = await LiveAsync();

        var result = await Voting.OpenDotVoteAsync(Fran, Partnership, workshop, item, dots, false, Ct);

        Assert.Equal("Give each person between 1 and 20 dots.", result.Error?.For("VotesPerPerson"));
    }

    [Fact]
    public async Task Workshop_WithoutTitle_IsRefused()
    {
        var result = await Workshops.CreateAsync(Fran, Partnership, new WorkshopInput { Title = "", StartsUtc = UtcNow }, Ct);

        Assert.Equal("Title is required.", result.Error?.For(nameof(WorkshopInput.Title)));
        Assert.Equal(0, Db.Read(db => db.Workshops.Count()));
    }

    [Fact]
    public async Task Start_WithoutAgenda_IsRefused()
    {
        var workshop = (await Workshops.CreateAsync(Fran, Partnership, new WorkshopInput { Title = "Empty", StartsUtc = UtcNow }, Ct)).Value!;

        var result = await Workshops.StartAsync(Fran, Partnership, workshop.Id, Ct);

        Assert.Equal("Add at least one agenda item before starting the workshop.", result.Error?.Message);
    }

    [Fact]
    public async Task Ideas_BeforeTheWorkshopStarts_AreRefused()
    {
        var (workshop, item, _) = await PlanAsync();

        var result = await Ideas.AddIdeaAsync(Cara, Partnership, workshop, item, "Early idea", Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
    }
}
