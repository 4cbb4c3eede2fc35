using Workspace.Tests.Support;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Tests.Features.Workshops;

/// <summary>A partnership with one person per role from different organisations, and a stranger from another partnership.</summary>
public abstract class WorkshopTestBase : ServiceTestBase
{
    protected WorkshopTestBase()
    {
        var council = Db.AddOrganisation("Riverside Council", Sector.Public);
        var foodBank = Db.AddOrganisation("Northside Food Bank", Sector.CivilSociety);
        var grocer = Db.AddOrganisation("FreshCo", Sector.Private);
        Fran = Db.AddPerson("Fran Facilitator", organisationId: council);
        Cara = Db.AddPerson("Cara Contributor", organisationId: foodBank);
        Carl = Db.AddPerson("Carl Contributor", organisationId: grocer);
        Olly = Db.AddPerson("Olly Observer", organisationId: council);
        Nina = Db.AddPerson("Nina Outsider", organisationId: grocer);
        Partnership = Db.AddPartnership("Food Security", (Fran, PartnershipRole.Facilitator), (Cara, PartnershipRole.Contributor),
            (Carl, PartnershipRole.Contributor), (Olly, PartnershipRole.Observer));
        OtherPartnership = Db.AddPartnership("Clean Air", (Nina, PartnershipRole.Facilitator));
        Workshops = NewWorkshopService();
        Ideas = NewIdeaService();
        Voting = NewVotingService();
        Outputs = NewWorkshopOutputService();
    }

    protected string Fran { get; }

    protected string Cara { get; }

    protected string Carl { get; }

    protected string Olly { get; }

    protected string Nina { get; }

    protected Guid Partnership { get; }

    protected Guid OtherPartnership { get; }

    protected WorkshopService Workshops { get; }

    protected IdeaService Ideas { get; }

    protected VotingService Voting { get; }

    protected WorkshopOutputService Outputs { get; }

    protected string UserFor(string who) => who switch
    {
        "facilitator" => Fran,
        "contributor" => Cara,
        "observer" => Olly,
        _ => Nina,
    };

    protected async Task<(Guid Workshop, Guid Item, Guid SecondItem)> PlanAsync(Guid? partnership = null, string? facilitator = null)
    {
        partnership ??= Partnership;
        facilitator ??= Fran;
        var workshop = (await Workshops.CreateAsync(facilitator, partnership.Value,
            new WorkshopInput { Title = "Winter food plan", StartsUtc = UtcNow.AddDays(3), Location = "Town hall, room 2" }, Ct)).Value!;
        var first = (await Workshops.AddItemAsync(facilitator, partnership.Value, workshop.Id, new AgendaItemInput { Title = "What worked last winter", TimeBoxMinutes = 10 }, Ct)).Value!;
        var second = (await Workshops.AddItemAsync(facilitator, partnership.Value, workshop.Id, new AgendaItemInput { Title = "Priorities", TimeBoxMinutes = 20, IdeasPrivate = true }, Ct)).Value!;
        return (workshop.Id, first.Items[0].Id, second.Items[1].Id);
    }

    protected async Task<(Guid Workshop, Guid Item, Guid SecondItem)> LiveAsync(Guid? partnership = null, string? facilitator = null)
    {
        var planned = await PlanAsync(partnership, facilitator);
        var started = await Workshops.StartAsync(facilitator ?? Fran, partnership ?? Partnership, planned.Workshop, Ct);
        Assert.True(started.Succeeded, started.Error?.Message);
        return planned;
    }
}
