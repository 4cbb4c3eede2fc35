using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.LiveViews;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Publication;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.LiveViews;

/// <summary>
/// The public results page on the watchers' path: anyone watches it while it is published, it shows what
/// the page shows (never an unpublished item, never a name not opted in), and when it stops being
/// published every watcher is told so at once, whoever they are.
/// </summary>
public sealed class PublicLiveViewTests : ServiceTestBase, IAsyncDisposable
{
    private const string Slug = "food-security";
    private readonly Guid _council;
    private readonly Guid _bank;
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly Guid _goal;
    private readonly Guid _indicator;
    private readonly Guid _hiddenIndicator;
    private readonly Guid _decision;
    private readonly ServiceProvider _services;
    private readonly RecordingHubContext _hub = new();

    // A live group reloads on its own while the test writes, as in the app: each context needs its own connection.
    public PublicLiveViewTests()
        : base(TestDatabase.OnFile())
    {
        _council = Db.AddOrganisation("Riverside Council");
        _bank = Db.AddOrganisation("Northern Bank", Sector.Private);
        _fran = Db.AddPerson("Fran Facilitator", organisationId: _council);
        _cara = Db.AddPerson("Cara Contributor", organisationId: _bank);
        _partnership = Db.AddPartnership("Food Security", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _goal = Db.AddGoal(_partnership, "Halve food waste", ownerUserId: _cara);
        Db.AddGoal(_partnership, "Internal restructuring", ownerUserId: _fran);
        _indicator = Db.AddIndicator(_goal, "Tonnes wasted", 100, 50, IndicatorDirection.Decrease);
        _hiddenIndicator = Db.AddIndicator(_goal, "Staff sick days", 10, 5);
        _decision = Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Fund the app", e =>
        {
            e.ClosedUtc = DateTime.UtcNow;
            e.Outcome = "Agreed with conditions.";
        });
        Db.AddLogEntry(_partnership, _fran, EntryKind.Decision, "Close the office");
        using (var db = Db.CreateDbContext())
        {
            db.DecisionPositions.Add(new DecisionPosition { Id = Guid.NewGuid(), EntryId = _decision, UserId = _cara, OrganisationId = _bank, Position = Position.Objects, Reason = "Cara's private reason", RecordedUtc = DateTime.UtcNow });
            db.Users.Single(u => u.Id == _fran).ShowNameOnPublicPages = true;
            db.SaveChanges();
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(Db);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IPartnershipEvents, InProcessPartnershipEvents>();
        services.AddScoped<IndicatorService>();
        services.AddScoped<PublicResultsView>();
        services.AddWorkspaceLiveViews();
        services.AddSingleton<IHubContext<LiveHub>>(_hub);
        services.AddSingleton(new LiveViewOptions { CoalesceWindow = TimeSpan.Zero, ReloadInterval = TimeSpan.Zero });
        _services = services.BuildServiceProvider();
    }

    private LiveGroups Groups => _services.GetRequiredService<LiveGroups>();

    private PublicationService Publications => new(Db, _services.GetRequiredService<IPartnershipEvents>(), Clock);

    private static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());

    private static ClaimsPrincipal SignedIn(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    private Task<LiveSnapshot?> JoinAsync(string connectionId, ClaimsPrincipal? user = null, string slug = Slug) =>
        Groups.JoinAsync(connectionId, user ?? Anonymous, PublicLiveView.KindName, slug, Ct);

    private async Task ProposeAsync()
    {
        var input = new ProposalInput
        {
            Slug = Slug,
            Title = "Food Security results",
            Summary = "What we achieved.",
            GoalIds = [_goal],
            IndicatorIds = [_indicator],
            DecisionIds = [_decision],
        };
        Assert.True((await Publications.ProposeAsync(_fran, _partnership, input, 0, Ct)).Succeeded);
    }

    private async Task PublishAsync()
    {
        await ProposeAsync();
        Assert.True((await Publications.ConsentAsync(_fran, _partnership, _council, 1, Ct)).Succeeded);
        Assert.True((await Publications.ConsentAsync(_cara, _partnership, _bank, 1, Ct)).Succeeded);
    }

    private async Task RecordCheckInAsync(double value)
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IndicatorService>().RecordCheckInAsync(_fran, _partnership, _indicator,
            new CheckInInput { Value = value, AsOf = DateOnly.FromDateTime(UtcNow) }, Ct);
        Assert.True(result.Succeeded);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.True(condition());
    }

    private static void AssertShowsNothingPrivate(string html)
    {
        Assert.DoesNotContain("Cara Contributor", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal restructuring", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff sick days", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Close the office", html, StringComparison.Ordinal);
        Assert.DoesNotContain("private reason", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_WatchesAPublishedPage_WithThePagesFragments_AndNothingUnpublishedOrUnnamed()
    {
        await PublishAsync();

        var snapshot = await JoinAsync("c1");

        Assert.NotNull(snapshot);
        string[] expected = [PublicFragments.GoalsId, PublicFragments.IndicatorId(_indicator), PublicFragments.DecisionsId, PublicFragments.PartnersId];
        Assert.Equal(expected.Order(StringComparer.Ordinal), snapshot.Fragments.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Halve food waste", snapshot.Fragments[PublicFragments.GoalsId], StringComparison.Ordinal);
        Assert.Contains("Northern Bank: objected", snapshot.Fragments[PublicFragments.DecisionsId], StringComparison.Ordinal);
        Assert.Contains("by Fran Facilitator", snapshot.Fragments[PublicFragments.PartnersId], StringComparison.Ordinal);
        AssertShowsNothingPrivate(string.Concat(snapshot.Fragments.Values));
        // The same components and models the page renders: the loader's page cut by the page's own cutter.
        var page = (await new PublicResultsView(Db, Clock).LoadAsync(Slug, Ct))!;
        var rendered = await _services.GetRequiredService<LiveFragmentRenderer>().RenderAsync(PublicFragments.Of(page));
        Assert.Equal(rendered, snapshot.Fragments);
    }

    [Fact]
    public async Task CheckIn_SendsTheIndicatorAndGoals_ToAnonymousAndSignedInWatchers_InOneMessage()
    {
        await PublishAsync();
        await JoinAsync("c1");
        await JoinAsync("c2", SignedIn(_cara));

        await RecordCheckInAsync(60);
        await WaitForAsync(() => _hub.UpdatesTo(PublicLiveView.KindName).Any());

        var update = Assert.Single(_hub.UpdatesTo(PublicLiveView.KindName));
        Assert.Equal(1, update.Seq);
        Assert.Contains(PublicFragments.IndicatorId(_indicator), update.Fragments.Keys);
        Assert.Contains("60", update.Fragments[PublicFragments.IndicatorId(_indicator)], StringComparison.Ordinal);
        Assert.DoesNotContain(PublicFragments.PartnersId, update.Fragments.Keys);
        AssertShowsNothingPrivate(string.Concat(update.Fragments.Values));
        Assert.Single(_hub.DeliveredTo("c1", LiveContract.Update));
        Assert.Single(_hub.DeliveredTo("c2", LiveContract.Update));
    }

    [Fact]
    public async Task UnpublishedItems_ChangingSendNothing()
    {
        await PublishAsync();
        await JoinAsync("c1");

        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IndicatorService>().RecordCheckInAsync(_fran, _partnership, _hiddenIndicator,
                new CheckInInput { Value = 7, AsOf = DateOnly.FromDateTime(UtcNow) }, Ct);
        }

        // A published change afterwards is the first update: the hidden one sent nothing.
        await RecordCheckInAsync(60);
        await WaitForAsync(() => _hub.UpdatesTo(PublicLiveView.KindName).Any());
        var update = Assert.Single(_hub.UpdatesTo(PublicLiveView.KindName));
        Assert.Equal(1, update.Seq);
        AssertShowsNothingPrivate(string.Concat(update.Fragments.Values));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("not-consented")]
    [InlineData("garbage")]
    public async Task APageThatIsNotPublic_IsRefusedAlike(string which)
    {
        await ProposeAsync();
        Assert.True((await Publications.ConsentAsync(_fran, _partnership, _council, 1, Ct)).Succeeded);
        var slug = which switch
        {
            "unknown" => "no-such-page",
            "not-consented" => Slug,
            _ => "../<script>",
        };

        Assert.Null(await JoinAsync("c1", slug: slug));
        Assert.Null(await JoinAsync("c2", SignedIn(_fran), slug));
        Assert.Equal(0, Groups.GroupCount);
    }

    [Fact]
    public async Task AWithdrawal_ClosesEveryWatcher_WithTheSameMessage_AndAJoinIsThenRefused()
    {
        await PublishAsync();
        await JoinAsync("c1");
        await JoinAsync("c2", SignedIn(_fran));

        Assert.True((await Publications.WithdrawAsync(_cara, _partnership, _bank, 1, Ct)).Succeeded);
        await WaitForAsync(() => _hub.DeliveredTo("c1", LiveContract.Closed).Any() && _hub.DeliveredTo("c2", LiveContract.Closed).Any());

        Assert.All(_hub.Sent.Where(s => s.Method == LiveContract.Closed),
            s => Assert.Equal(PublicLiveView.NoLongerPublished, ((LiveClosed)s.Arguments[0]!).Message));
        Assert.Empty(_hub.UpdatesTo(PublicLiveView.KindName));
        Assert.Equal(0, Groups.GroupCount);
        Assert.Null(await JoinAsync("c3"));
    }

    [Fact]
    public async Task AMembersRemoval_DoesNotCloseAPublicWatcher_EvenTheRemovedPerson()
    {
        await PublishAsync();
        var observer = Db.AddPerson("Olga Observer");
        Db.AddMember(_partnership, observer, PartnershipRole.Observer);
        await JoinAsync("c1", SignedIn(observer));

        await _services.GetRequiredService<IPartnershipEvents>().PublishAsync(new MemberRemoved(_partnership, _fran, observer, "Olga Observer"), Ct);
        await RecordCheckInAsync(60);
        await WaitForAsync(() => _hub.DeliveredTo("c1", LiveContract.Update).Any());

        Assert.Empty(_hub.DeliveredTo("c1", LiveContract.Closed));
    }

    // The base class's Dispose closes the database; this closes the services (MudBlazor's need async disposal).
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
