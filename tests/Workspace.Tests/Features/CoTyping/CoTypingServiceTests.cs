using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// The server side of co-typing a goal's description, on a WAL database file as in the app: operations are
/// transformed, saved with the text and the description, acknowledged, published, and grouped into history runs.
/// </summary>
public sealed class CoTypingServiceTests : ServiceTestBase
{
    private const string Start = "We clean the river.";

    private readonly string _anna;
    private readonly string _ben;
    private readonly string _olga;
    private readonly string _stranger;
    private readonly Guid _partnership;
    private readonly Guid _goal;

    public CoTypingServiceTests()
        : base(TestDatabase.OnFile())
    {
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker");
        _olga = Db.AddPerson("Olga Observer");
        _stranger = Db.AddPerson("Sam Stranger");
        _partnership = Db.AddPartnership("Clean Rivers",
            (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor), (_olga, PartnershipRole.Observer));
        _goal = Db.AddGoal(_partnership, "Halve river pollution");
        Db.Write(db => db.Goals.Single(g => g.Id == _goal).Description = Start);
    }

    private CoTypingService NewService() => new(Db, Events, Clock);

    private static string Insert(int at, string text, int length) => new TextOperation().Retain(at).Insert(text).Retain(length - at).ToJson();

    private async Task<CoTextState> OpenAsync() => (await NewService().OpenGoalDescriptionAsync(_anna, _partnership, _goal, Ct)).Value!;

    private string StoredDescription() => Db.Read(db => db.Goals.Single(g => g.Id == _goal).Description);

    [Fact]
    public async Task Readable_ForAMember_GivesThePartnershipAndLatestRevision_AndAStrangerOrAnUnknownTextLearnsNothing()
    {
        var text = await OpenAsync();
        await NewService().SubmitAsync(_ben, text.TextId, 0, new TextOperation().Insert("Now ").Retain(Start.Length).ToJson(), "ben-tab", 1, Ct);

        Assert.Equal(new CoTextReadable(_partnership, 1), (await NewService().ReadableAsync(_olga, text.TextId, Ct)).Value);
        var stranger = await NewService().ReadableAsync(_stranger, text.TextId, Ct);
        var unknown = await NewService().ReadableAsync(_anna, Guid.NewGuid(), Ct);
        Assert.False(stranger.Succeeded);
        Assert.Equal(unknown.Error!.Message, stranger.Error!.Message);
    }

    [Fact]
    public async Task Open_StartsFromTheStoredDescription_AndOpensTheSameTextForEveryone()
    {
        var first = await OpenAsync();
        var second = (await NewService().OpenGoalDescriptionAsync(_olga, _partnership, _goal, Ct)).Value!;

        Assert.Equal((Start, 0L), (first.Text, first.Revision));
        Assert.Equal(first.TextId, second.TextId);
        Assert.Equal(ErrorKind.NotFound, (await NewService().OpenGoalDescriptionAsync(_stranger, _partnership, _goal, Ct)).Error!.Kind);
    }

    [Fact]
    public async Task Submit_AppliesSavesTheDescriptionAcknowledgesAndPublishes()
    {
        var text = await OpenAsync();

        var ack = await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(12, " whole", Start.Length), "anna-1", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal(1, ack.Value!.Revision);
        Assert.Equal("We clean the whole river.", StoredDescription());
        Assert.Equal(("We clean the whole river.", 1L), ((await NewService().LoadAsync(_ben, text.TextId, Ct)).Value!.Text, 1L));
        var published = Assert.IsType<CoTextChanged>(Assert.Single(Events.Published));
        Assert.Equal((text.TextId, 1L, _anna, "anna-1", 1L), (published.TextId, published.Revision, published.ActorUserId, published.ClientId, published.ClientSeq));
    }

    [Fact]
    public async Task TwoPeopleFromTheSameRevision_BothKeepTheirTyping_TheLaterIsTransformed()
    {
        var text = await OpenAsync();
        var service = NewService();

        await service.SubmitAsync(_anna, text.TextId, 0, Insert(0, "Together ", Start.Length), "anna", 1, Ct);
        var ben = await service.SubmitAsync(_ben, text.TextId, 0, Insert(Start.Length - 1, " every year", Start.Length), "ben", 1, Ct);

        Assert.Equal(2, ben.Value!.Revision);
        Assert.Equal($"[{9 + Start.Length - 1},\" every year\",1]", ben.Value.Operation);
        Assert.Equal("Together We clean the river every year.", StoredDescription());
        var since = (await service.OperationsSinceAsync(_olga, text.TextId, 0, Ct)).Value!;
        Assert.Equal([1L, 2L], since.Select(o => o.Revision));
        Assert.Equal(ben.Value.Operation, since[1].Operation);
    }

    [Fact]
    public async Task Resend_AfterAReconnect_IsAcknowledgedAgain_AndAppliedOnce()
    {
        var text = await OpenAsync();
        var op = Insert(0, "Now: ", Start.Length);
        var first = await NewService().SubmitAsync(_anna, text.TextId, 0, op, "anna", 7, Ct);
        await NewService().SubmitAsync(_ben, text.TextId, 1, Insert(0, "B", Start.Length + 5), "ben", 1, Ct);

        var again = await NewService().SubmitAsync(_anna, text.TextId, 0, op, "anna", 7, Ct);

        Assert.True(again.Value!.WasResent);
        Assert.Equal(first.Value!.Revision, again.Value.Revision);
        Assert.Equal("BNow: " + Start, StoredDescription());
        Assert.Equal(2, Db.Read(db => db.CoTextOperations.Count()));
    }

    [Fact]
    public async Task SomeoneElsesClientId_IsRefused()
    {
        var text = await OpenAsync();
        await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(0, "A", Start.Length), "anna", 1, Ct);

        var forged = await NewService().SubmitAsync(_ben, text.TextId, 1, Insert(0, "B", Start.Length + 1), "anna", 1, Ct);

        Assert.Equal(ErrorKind.Conflict, forged.Error!.Kind);
        Assert.Equal("A" + Start, StoredDescription());
    }

    [Fact]
    public async Task TwoPeopleTypingAtTheSameInstant_EveryKeystrokeLandsOnce_InRevisionOrder()
    {
        var text = await OpenAsync();

        // Every operation is made on revision 0, so each must be transformed over whichever landed first.
        var sends = new[] { (_anna, "a"), (_ben, "b") }.SelectMany(p => Enumerable.Range(1, 12).Select(i => (User: p.Item1, Client: p.Item2, Seq: i)))
            .Select(s => Task.Run(() => NewService().SubmitAsync(s.User, text.TextId, 0, Insert(0, $"<{s.Client}{s.Seq}>", Start.Length), s.Client, s.Seq, Ct), Ct));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), results.Select(r => r.Value!.Revision).Order());
        var stored = Db.Read(db => db.CoTextOperations.OrderBy(o => o.Revision).Select(o => o.Operation).ToList());
        var replayed = stored.Aggregate(Start, (s, json) => TextOperation.TryParse(json, out var op, out _) ? op.Apply(s) : throw new InvalidOperationException(json));
        Assert.Equal(replayed, StoredDescription());
        Assert.Equal(replayed, (await NewService().LoadAsync(_anna, text.TextId, Ct)).Value!.Text);
        Assert.All(Enumerable.Range(1, 12), i =>
        {
            Assert.Contains($"<a{i}>", replayed, StringComparison.Ordinal);
            Assert.Contains($"<b{i}>", replayed, StringComparison.Ordinal);
        });
        Assert.EndsWith(Start, replayed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnObserverCannotType_AndAStrangerDoesNotFindTheText()
    {
        var text = await OpenAsync();

        var observer = await NewService().SubmitAsync(_olga, text.TextId, 0, Insert(0, "x", Start.Length), "olga", 1, Ct);
        var stranger = await NewService().SubmitAsync(_stranger, text.TextId, 0, Insert(0, "x", Start.Length), "sam", 1, Ct);

        Assert.Equal(ErrorKind.Forbidden, observer.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, stranger.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewService().LoadAsync(_stranger, text.TextId, Ct)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewService().OperationsSinceAsync(_stranger, text.TextId, 0, Ct)).Error!.Kind);
        Assert.Equal(Start, StoredDescription());
    }

    [Theory]
    [InlineData("[5,\"x\"]", "characters")]
    [InlineData("not json", "readable")]
    [InlineData("[0]", "non-zero")]
    [InlineData("[1,\"\\ud83d\",18]", "half a character")]
    public async Task ABadOperation_IsRefusedWithAReason_AndNothingIsStored(string json, string reason)
    {
        var text = await OpenAsync();

        var result = await NewService().SubmitAsync(_anna, text.TextId, 0, json, "anna", 1, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Db.Read(db => db.CoTextOperations.Count()));
        Assert.Equal(Start, StoredDescription());
    }

    [Fact]
    public async Task AnOperationCuttingACharacterInTwo_IsRefused()
    {
        Db.Write(db => db.Goals.Single(g => g.Id == _goal).Description = "a😀b");
        var text = await OpenAsync();

        var result = await NewService().SubmitAsync(_anna, text.TextId, 0, "[2,\"x\",2]", "anna", 1, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("a😀b", StoredDescription());
    }

    [Fact]
    public async Task ABaseRevisionTheTextHasNotReached_IsRefused()
    {
        var text = await OpenAsync();

        var result = await NewService().SubmitAsync(_anna, text.TextId, 5, Insert(0, "x", Start.Length), "anna", 1, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
    }

    [Fact]
    public async Task History_HasOneRevisionPerRunOfTyping_NamingEveryoneWhoTypedInIt()
    {
        var text = await OpenAsync();
        var service = NewService();
        var current = Start;
        long revision = 0;
        long seq = 0;
        async Task TypeAsync(string user, int at, string typed)
        {
            var ack = await service.SubmitAsync(user, text.TextId, revision, Insert(at, typed, current.Length), user, ++seq, Ct);
            Assert.True(ack.Succeeded, ack.Error?.Message);
            revision = ack.Value!.Revision;
            current = current.Insert(at, typed);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await TypeAsync(_anna, 0, "A");
        await TypeAsync(_anna, 1, "B");
        await TypeAsync(_anna, 2, " ");
        await TypeAsync(_ben, current.Length, "!");       // typing at once with Anna: the same run
        Assert.Empty(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Description").ToList()));

        await NewService().EndRunAsync(_olga, text.TextId, Ct);    // closing an editor she never typed in ends nothing
        Assert.Empty(Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Description").ToList()));

        Clock.Advance(CoTypingService.Pause);
        await TypeAsync(_ben, current.Length, "?");       // after everyone paused: the first run ends, for both who typed in it
        await NewService().EndRunAsync(_ben, text.TextId, Ct);

        var records = Db.Read(db => db.ChangeRecords.Where(c => c.Field == "Description").OrderBy(c => c.Id).ToList());
        Assert.Equal(
            [(_anna, Start, "AB " + Start + "!"), (_ben, Start, "AB " + Start + "!"), (_ben, "AB " + Start + "!", "AB " + Start + "!?")],
            records.Select(r => (r.UserId!, r.OldValue!, r.NewValue!)));
        var history = (await NewGoalService().HistoryAsync(_anna, _partnership, _goal, Ct)).Value!;
        Assert.Equal(3, history.Count(h => h.Field == "Description" && h.CanRestore));
    }

    [Fact]
    public async Task ARestoreThroughTheFieldPath_BecomesAnOperation_AndLaterTypingIsTransformedOverIt()
    {
        var text = await OpenAsync();
        await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(Start.Length, " Soon.", Start.Length), "anna", 1, Ct);
        await NewService().EndRunAsync(_anna, text.TextId, Ct);
        var record = Db.Read(db => db.ChangeRecords.Single(c => c.Field == "Description"));

        var restored = await NewGoalService().RestoreAsync(_ben, _partnership, _goal, record.Id, Ct);
        Assert.True(restored.Succeeded, restored.Error?.Message);
        var ack = await NewService().SubmitAsync(_anna, text.TextId, 1, Insert(0, ">", Start.Length + 6), "anna", 2, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal(3, ack.Value!.Revision);
        Assert.Equal(">" + Start, StoredDescription());
        Assert.Equal(">" + Start, (await NewService().LoadAsync(_anna, text.TextId, Ct)).Value!.Text);
    }

    [Fact]
    public async Task ARestore_ReachesTheTextAtOnce_AsAPublishedOperation_AndTypingFromBeforeItIsTransformedOverIt()
    {
        var text = await OpenAsync();
        await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(Start.Length, " Soon.", Start.Length), "anna", 1, Ct);
        await NewService().EndRunAsync(_anna, text.TextId, Ct);
        var record = Db.Read(db => db.ChangeRecords.Single(c => c.Field == "Description"));
        Events.Clear();

        var restored = await NewGoalService().RestoreAsync(_ben, _partnership, _goal, record.Id, Ct);

        // Taken in by the restore itself: nobody had to type or open the text again.
        Assert.True(restored.Succeeded, restored.Error?.Message);
        var loaded = (await NewService().LoadAsync(_anna, text.TextId, Ct)).Value!;
        Assert.Equal((Start, 2L), (loaded.Text, loaded.Revision));
        var adopted = Assert.Single(Events.Published.OfType<CoTextChanged>());
        Assert.Equal((text.TextId, 2L, _ben, CoTypingService.FieldSaveClient, 2L), (adopted.TextId, adopted.Revision, adopted.ActorUserId, adopted.ClientId, adopted.ClientSeq));
        Assert.True(TextOperation.TryParse(adopted.Operation, out var operation, out _));
        Assert.Equal(Start, operation.Apply(Start + " Soon."));
        var since = Assert.Single((await NewService().OperationsSinceAsync(_anna, text.TextId, 1, Ct)).Value!);
        Assert.Equal((2L, CoTypingService.FieldSaveClient), (since.Revision, since.ClientId));

        // Anna typed inside the removed words before her editor saw the restore: her typing is kept, after the restored text.
        var ack = await NewService().SubmitAsync(_anna, text.TextId, 1, Insert(Start.Length + 3, "X", Start.Length + 6), "anna", 2, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal((3L, $"[{Start.Length},\"X\"]"), (ack.Value!.Revision, ack.Value.Operation));
        Assert.Equal(Start + "X", StoredDescription());
    }

    [Fact]
    public async Task ADescriptionSave_BeforeAnyoneOpenedTheText_CreatesNoText_AndPublishesNoOperation()
    {
        var saved = await NewGoalService().SaveFieldAsync(_ben, _partnership, _goal, GoalField.Description, Start, "Another start.", Ct);

        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.Equal(0, Db.Read(db => db.CoTexts.Count()));
        Assert.Empty(Events.Published.OfType<CoTextChanged>());
        Assert.Equal(("Another start.", 0L), ((await OpenAsync()).Text, 0L));
    }

    [Fact]
    public async Task Adopt_ForAStrangerOrAnotherPartnership_FindsNothing_AndChangesNothing()
    {
        var text = await OpenAsync();
        Db.Write(db => db.Goals.Single(g => g.Id == _goal).Description = "Written behind the text's back.");
        var other = Db.AddPartnership("Elsewhere", (_stranger, PartnershipRole.Facilitator));

        var stranger = await NewService().AdoptAsync(_stranger, _partnership, CoText.GoalDescription, _goal, Ct);
        var elsewhere = await NewService().AdoptAsync(_stranger, other, CoText.GoalDescription, _goal, Ct);
        var madeUp = await NewService().AdoptAsync(_anna, _partnership, "NoSuchOwner", _goal, Ct);

        Assert.Equal(ErrorKind.NotFound, stranger.Error!.Kind);
        Assert.True(elsewhere.Succeeded);
        Assert.Equal(ErrorKind.NotFound, madeUp.Error!.Kind);
        Assert.Equal(0L, Db.Read(db => db.CoTexts.Single(t => t.Id == text.TextId).Revision));
        Assert.Empty(Events.Published);
    }
}
