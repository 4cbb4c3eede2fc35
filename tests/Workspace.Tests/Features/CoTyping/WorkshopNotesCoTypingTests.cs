using Workspace.Tests.Features.Workshops;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// Co-typing a workshop's shared notes: contributors and facilitators type while it runs and after it ended, observers
/// watch; the notes live in a row of their own and end up in the minutes under "Shared notes".
/// </summary>
public sealed class WorkshopNotesCoTypingTests : WorkshopTestBase
{
    private CoTypingService NewService() => new(Db, Events, Clock);

    private static string Insert(int at, string text, int length) => new TextOperation().Retain(at).Insert(text).Retain(length - at).ToJson();

    private string? StoredNotes(Guid workshop) => Db.Read(db => db.WorkshopNotes.Where(n => n.WorkshopId == workshop).Select(n => n.Text).SingleOrDefault());

    private async Task<(Guid Workshop, CoTextState Text)> LiveNotesAsync()
    {
        var (workshop, _, _) = await LiveAsync();
        var text = (await NewService().OpenWorkshopNotesAsync(Cara, Partnership, workshop, Ct)).Value!;
        return (workshop, text);
    }

    [Fact]
    public async Task Open_StartsEmpty_ForEveryMember_AndSaysWhoMayType()
    {
        var (workshop, text) = await LiveNotesAsync();
        var olly = (await NewService().OpenWorkshopNotesAsync(Olly, Partnership, workshop, Ct)).Value!;

        Assert.Equal(("", 0L, true, CoText.WorkshopNotes, workshop, WorkshopNotes.TextMaxLength), (text.Text, text.Revision, text.CanType, text.OwnerKind, text.OwnerId, text.MaxLength));
        Assert.Equal(text.TextId, olly.TextId);
        Assert.Equal((false, "Observers watch the workshop; only contributors and facilitators can type in the shared notes."), (olly.CanType, olly.WhyNotType));
        Assert.Null(StoredNotes(workshop));
    }

    [Fact]
    public async Task Open_StartsFromTheStoredNotes()
    {
        var (workshop, _, _) = await LiveAsync();
        Db.Write(db => db.WorkshopNotes.Add(new WorkshopNotes { WorkshopId = workshop, Text = "Agreed: meet monthly.", UpdatedByUserId = Fran }));

        var text = (await NewService().OpenWorkshopNotesAsync(Carl, Partnership, workshop, Ct)).Value!;

        Assert.Equal("Agreed: meet monthly.", text.Text);
    }

    [Fact]
    public async Task Submit_SavesIntoTheNotesRow_NotTheWorkshopRow()
    {
        var (workshop, text) = await LiveNotesAsync();
        var workshopVersion = Db.Read(db => db.Workshops.Single(w => w.Id == workshop).Version);

        var ack = await NewService().SubmitAsync(Cara, text.TextId, 0, "[\"Winter: open Sundays.\"]", "cara", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal("Winter: open Sundays.", StoredNotes(workshop));
        // Typing never races the facilitator's changes, which are ordered by the workshop row's version.
        Assert.Equal(workshopVersion, Db.Read(db => db.Workshops.Single(w => w.Id == workshop).Version));
        Assert.True((await Workshops.TimerAsync(Fran, Partnership, workshop, TimerCommand.Pause, Ct)).Succeeded);
        var published = Assert.Single(Events.Published.OfType<CoTextChanged>());
        Assert.Equal((CoText.WorkshopNotes, workshop), (published.OwnerKind, published.OwnerId));
    }

    [Fact]
    public async Task TwoPeopleFromTheSameRevision_BothKeepTheirTyping()
    {
        var (workshop, text) = await LiveNotesAsync();
        await NewService().SubmitAsync(Cara, text.TextId, 0, "[\"Notes.\"]", "cara", 1, Ct);

        await NewService().SubmitAsync(Cara, text.TextId, 1, Insert(0, "Cara: ", 6), "cara", 2, Ct);
        var carl = await NewService().SubmitAsync(Carl, text.TextId, 1, Insert(6, " Carl: yes.", 6), "carl", 1, Ct);

        Assert.True(carl.Succeeded, carl.Error?.Message);
        Assert.Equal(3, carl.Value!.Revision);
        Assert.Equal("Cara: Notes. Carl: yes.", StoredNotes(workshop));
    }

    [Fact]
    public async Task NotesPastTheLimit_AreRefusedWithTheLimit_AndNothingIsStored()
    {
        var (workshop, text) = await LiveNotesAsync();

        var result = await NewService().SubmitAsync(Cara, text.TextId, 0, System.Text.Json.JsonSerializer.Serialize(new[] { new string('n', WorkshopNotes.TextMaxLength + 1) }), "cara", 1, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("The shared notes must be 20000 characters or fewer.", result.Error.Message);
        Assert.Null(StoredNotes(workshop));
    }

    [Fact]
    public async Task AnObserver_AnOutsider_AndAForgedTextId_CannotType()
    {
        var (workshop, text) = await LiveNotesAsync();

        var observer = await NewService().SubmitAsync(Olly, text.TextId, 0, "[\"x\"]", "olly", 1, Ct);
        var outsider = await NewService().SubmitAsync(Nina, text.TextId, 0, "[\"x\"]", "nina", 1, Ct);
        var forged = await NewService().SubmitAsync(Cara, Guid.NewGuid(), 0, "[\"x\"]", "cara", 1, Ct);

        Assert.Equal(ErrorKind.Forbidden, observer.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, outsider.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, forged.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewService().OpenWorkshopNotesAsync(Nina, Partnership, workshop, Ct)).Error!.Kind);
        Assert.Null(StoredNotes(workshop));
    }

    [Fact]
    public async Task AWorkshopOfAnotherPartnership_CannotBeOpenedThroughOnesOwn()
    {
        var (theirs, _, _) = await LiveAsync(OtherPartnership, Nina);

        // Cara is a member of her own partnership, and names its id with the other partnership's workshop.
        var crossed = await NewService().OpenWorkshopNotesAsync(Cara, Partnership, theirs, Ct);
        var madeUp = await NewService().OpenWorkshopNotesAsync(Cara, Partnership, Guid.NewGuid(), Ct);

        Assert.Equal(ErrorKind.NotFound, crossed.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, madeUp.Error!.Kind);
        Assert.Equal(0, Db.Read(db => db.CoTexts.Count()));
    }

    [Fact]
    public async Task BeforeTheWorkshopStarts_TheNotesCanBeReadButNotTyped()
    {
        var (workshop, _, _) = await PlanAsync();

        var text = (await NewService().OpenWorkshopNotesAsync(Cara, Partnership, workshop, Ct)).Value!;
        var typed = await NewService().SubmitAsync(Cara, text.TextId, 0, "[\"early\"]", "cara", 1, Ct);

        Assert.Equal((false, "The shared notes open when the workshop starts."), (text.CanType, text.WhyNotType));
        Assert.Equal(ErrorKind.Conflict, typed.Error!.Kind);
        Assert.Null(StoredNotes(workshop));
    }

    [Fact]
    public async Task TheMinutes_ShowTheNotesUnderSharedNotes_AsTheyAreNow()
    {
        var (workshop, text) = await LiveNotesAsync();
        await NewService().SubmitAsync(Cara, text.TextId, 0, "[\"- Open on Sundays\"]", "cara", 1, Ct);
        Assert.True((await Workshops.EndAsync(Fran, Partnership, workshop, Ct)).Succeeded);
        var logged = Db.Read(db => db.LogEntries.Single(e => e.SourceWorkshopId == workshop && e.Title.StartsWith("Minutes")).Body);
        Assert.EndsWith("## Shared notes\n\n- Open on Sundays", logged, StringComparison.Ordinal);

        // After the end the notes can still be finished; the minutes page shows them as they are now.
        var after = await NewService().SubmitAsync(Carl, text.TextId, 1, Insert(17, "\n- Hire a van", 17), "carl", 1, Ct);

        Assert.True(after.Succeeded, after.Error?.Message);
        var minutes = (await Outputs.MinutesAsync(Olly, Partnership, workshop, Ct)).Value.Markdown;
        Assert.EndsWith("## Shared notes\n\n- Open on Sundays\n- Hire a van", minutes, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(minutes, "## Shared notes"));
        Assert.Contains("## Decisions and actions", minutes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinutesOfAWorkshopWithoutNotes_HaveNoSharedNotesSection()
    {
        var (workshop, _, _) = await LiveAsync();
        Assert.True((await Workshops.EndAsync(Fran, Partnership, workshop, Ct)).Succeeded);

        var minutes = (await Outputs.MinutesAsync(Olly, Partnership, workshop, Ct)).Value.Markdown;

        Assert.DoesNotContain("Shared notes", minutes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARun_IsOneChangeOfTheWorkshopsSharedNotes_WordedInTheActivity()
    {
        var (workshop, text) = await LiveNotesAsync();
        await NewService().SubmitAsync(Cara, text.TextId, 0, "[\"Plan\"]", "cara", 1, Ct);
        await NewService().SubmitAsync(Cara, text.TextId, 1, "[4,\"!\"]", "cara", 2, Ct);

        await NewService().EndRunAsync(Cara, text.TextId, Ct);

        var record = Assert.Single(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "SharedNotes").ToList()));
        Assert.Equal((Cara, nameof(Workshop), workshop.ToString(), "", "Plan!"), (record.UserId, record.EntityType, record.EntityId, record.OldValue, record.NewValue));
        var activity = (await new ActivityService(Db).ListAsync(Olly, Partnership, null, Ct)).Value!;
        Assert.Contains(activity, e => e.Text == "edited a workshop’s shared notes");
    }

    [Fact]
    public async Task NotesSavedOutsideCoTyping_AreTakenIn_AndTypingIsTransformedOverThem()
    {
        var (workshop, text) = await LiveNotesAsync();
        await NewService().SubmitAsync(Cara, text.TextId, 0, "[\"Draft\"]", "cara", 1, Ct);
        Db.Write(db => db.WorkshopNotes.Single(n => n.WorkshopId == workshop).Text = "Final");

        var ack = await NewService().SubmitAsync(Carl, text.TextId, 1, "[5,\" text\"]", "carl", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal(3, ack.Value!.Revision);
        Assert.Equal("Final text", StoredNotes(workshop));
        Assert.Equal("Final text", (await NewService().LoadAsync(Olly, text.TextId, Ct)).Value!.Text);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
