using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Support;

/// <summary>Real services over a fresh SQLite database, with a fake clock, event bus and mailer.</summary>
public abstract class ServiceTestBase : IDisposable
{
    /// <summary>The app's public origin (<c>App:PublicOrigin</c>) in these tests.</summary>
    protected static readonly Uri AppBaseUri = new("https://workspace.example.org/");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    protected ServiceTestBase()
        : this(new TestDatabase())
    {
    }

    /// <summary>For tests that need a particular database, e.g. <see cref="TestDatabase.OnFile"/>.</summary>
    protected ServiceTestBase(TestDatabase database) => Db = database;

    protected TestDatabase Db { get; }

    protected FakeTimeProvider Clock { get; } = new(TestClock.Start);

    protected RecordingPartnershipEvents Events { get; } = new();

    protected FakeEmailSender Email { get; } = new();

    protected MemberService NewMemberService() =>
        new(Db, Events, Email, Options.Create(new InvitationOptions()), new PublicOrigin(AppBaseUri), Clock);

    protected PartnershipService NewPartnershipService() => new(Db, Events, Clock);

    protected OrganisationService NewOrganisationService() => new(Db, Clock);

    protected OrganisationMembershipService NewMembershipService() => new(Db, Clock);

    protected GoalService NewGoalService() => new(Db, Events, Clock, new(Db, Events, Clock));

    protected IndicatorService NewIndicatorService() => new(Db, Events, Clock);

    protected DraftService NewDraftService() => new(Db, Clock);

    protected LogService NewLogService() => new(Db, Events, Clock);

    protected ReplyService NewReplyService() => new(Db, Events, Clock);

    protected DecisionService NewDecisionService() => new(Db, Events, Clock);

    protected ActionService NewActionService() => new(Db, Events, Clock);

    protected ReadStateService NewReadStateService() => new(Db, Clock);

    protected Workspace.Web.Features.Workshops.WorkshopService NewWorkshopService() => new(Db, Events, Clock, NewWorkshopOutputService());

    protected Workspace.Web.Features.Workshops.IdeaService NewIdeaService() => new(Db, Events, Clock);

    protected Workspace.Web.Features.Workshops.VotingService NewVotingService() => new(Db, Events, Clock);

    protected Workspace.Web.Features.Workshops.WorkshopOutputService NewWorkshopOutputService() => new(Db, Events, Clock, NewLogService());

    public void Dispose()
    {
        Db.Dispose();
        GC.SuppressFinalize(this);
    }
}
