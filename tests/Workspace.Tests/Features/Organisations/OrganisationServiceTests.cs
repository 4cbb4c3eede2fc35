using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Features.Organisations;

public sealed class OrganisationServiceTests : ServiceTestBase
{
    [Fact]
    public async Task Create_StoresTheTrimmedNameUnderItsParent()
    {
        var parent = Db.AddOrganisation("Ministry of Water");

        var result = await NewOrganisationService().CreateAsync(Founder(),
            new OrganisationInput { Name = " Rivers Unit ", Sector = Sector.Public, ParentId = parent }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("Rivers Unit", parent, "Ministry of Water", "Rivers Unit (Ministry of Water)"),
            (result.Value!.Name, result.Value.ParentId, result.Value.ParentName, result.Value.DisplayName));
    }

    [Theory]
    [InlineData("", "Organisation name is required.")]
    [InlineData("  ", "Organisation name is required.")]
    public async Task CreateWithoutName_IsRefused(string name, string message)
    {
        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = name }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(nameof(OrganisationInput.Name)));
        Assert.Equal(0, Db.Read(db => db.Organisations.Count()));
    }

    [Fact]
    public async Task CreateWithNameOf201Characters_IsRefusedNamingTheLimit()
    {
        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = new string('o', 201) }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("Organisation name must be 200 characters or fewer (it has 201).", result.Error!.For(nameof(OrganisationInput.Name)));
        Assert.Equal(0, Db.Read(db => db.Organisations.Count()));
    }

    [Fact]
    public async Task CreateWithNameOf200Characters_Succeeds()
    {
        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = new string('o', 200) }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData("Green Trust")]
    [InlineData("GREEN TRUST")]
    [InlineData("  green trust ")]
    public async Task DuplicateTopLevelName_IsRefusedWhateverTheCase(string name)
    {
        Db.AddOrganisation("Green Trust", Sector.CivilSociety);

        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = name, Sector = Sector.CivilSociety }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains("already exists", result.Error!.For(nameof(OrganisationInput.Name)), StringComparison.Ordinal);
        Assert.Equal(1, Db.Read(db => db.Organisations.Count()));
    }

    [Fact]
    public async Task DuplicateNameUnderTheSameParent_IsRefused()
    {
        var ministry = Db.AddOrganisation("Ministry of Water");
        Db.AddOrganisation("Rivers Unit", parentId: ministry);

        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = "rivers unit", ParentId = ministry }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(nameof(OrganisationInput.Name)));
    }

    [Fact]
    public async Task SameNameUnderADifferentParent_IsAllowed()
    {
        var water = Db.AddOrganisation("Ministry of Water");
        var health = Db.AddOrganisation("Ministry of Health");
        Db.AddOrganisation("Data Unit", parentId: water);

        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = "Data Unit", ParentId = health }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Fact]
    public async Task MissingParent_IsRefused()
    {
        var result = await NewOrganisationService().CreateAsync(Founder(), new OrganisationInput { Name = "Rivers Unit", ParentId = Guid.NewGuid() }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("Choose a parent organisation from the list.", result.Error!.For(nameof(OrganisationInput.ParentId)));
        Assert.Equal(0, Db.Read(db => db.Organisations.Count()));
    }

    [Fact]
    public async Task UpdateByAnAdminOfTheOrganisation_Succeeds()
    {
        var trust = Db.AddOrganisation("Green Trust", Sector.CivilSociety);
        var gail = Db.AddPerson("Gail Green", organisationId: trust);
        Db.MakeOrganisationAdmin(gail);

        var result = await NewOrganisationService().UpdateAsync(gail, trust,
            new OrganisationInput { Name = "Green Trust UK", Sector = Sector.CivilSociety, Version = 1 }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var stored = Db.Read(db => db.Organisations.Single());
        Assert.Equal(("Green Trust UK", 2L), (stored.Name, stored.Version));
    }

    [Fact]
    public async Task UpdateByAnAdminOfAnotherOrganisation_IsForbidden()
    {
        var trust = Db.AddOrganisation("Green Trust", Sector.CivilSociety);
        var council = Db.AddOrganisation("Riverside Council");
        var colin = Db.AddPerson("Colin Council", organisationId: council);
        Db.MakeOrganisationAdmin(colin);

        var result = await NewOrganisationService().UpdateAsync(colin, trust,
            new OrganisationInput { Name = "Taken Over", Sector = Sector.Private, Version = 1 }, Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        Assert.Equal("Green Trust", Db.Read(db => db.Organisations.Single(o => o.Id == trust).Name));
    }

    [Fact]
    public async Task UpdateFromStaleVersion_IsAConflict()
    {
        var trust = Db.AddOrganisation("Green Trust", Sector.CivilSociety);
        var gail = Db.AddPerson("Gail Green", organisationId: trust);
        Db.MakeOrganisationAdmin(gail);
        var organisations = NewOrganisationService();
        await organisations.UpdateAsync(gail, trust, new OrganisationInput { Name = "First", Sector = Sector.CivilSociety, Version = 1 }, Ct);

        var result = await organisations.UpdateAsync(gail, trust, new OrganisationInput { Name = "Second", Sector = Sector.CivilSociety, Version = 1 }, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal("First", Db.Read(db => db.Organisations.Single().Name));
    }

    [Fact]
    public async Task MovingAnOrganisationUnderItsOwnDescendant_IsRefused()
    {
        var ministry = Db.AddOrganisation("Ministry of Water");
        var directorate = Db.AddOrganisation("Rivers Directorate", parentId: ministry);
        var unit = Db.AddOrganisation("Data Unit", parentId: directorate);
        var mina = Db.AddPerson("Mina Ministry", organisationId: ministry);
        Db.MakeOrganisationAdmin(mina);

        var result = await NewOrganisationService().UpdateAsync(mina, ministry,
            new OrganisationInput { Name = "Ministry of Water", Sector = Sector.Public, ParentId = unit, Version = 1 }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal("An organisation cannot sit inside itself or one of its own units.", result.Error!.For(nameof(OrganisationInput.ParentId)));
        Assert.Null(Db.Read(db => db.Organisations.Single(o => o.Id == ministry).ParentId));
    }

    [Fact]
    public async Task MakingAnOrganisationItsOwnParent_IsRefused()
    {
        var trust = Db.AddOrganisation("Green Trust", Sector.CivilSociety);
        var gail = Db.AddPerson("Gail Green", organisationId: trust);
        Db.MakeOrganisationAdmin(gail);

        var result = await NewOrganisationService().UpdateAsync(gail, trust,
            new OrganisationInput { Name = "Green Trust", Sector = Sector.CivilSociety, ParentId = trust, Version = 1 }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(nameof(OrganisationInput.ParentId)));
    }

    [Fact]
    public async Task KeepingItsOwnName_IsNotADuplicate()
    {
        var trust = Db.AddOrganisation("Green Trust", Sector.CivilSociety);
        var gail = Db.AddPerson("Gail Green", organisationId: trust);
        Db.MakeOrganisationAdmin(gail);

        var result = await NewOrganisationService().UpdateAsync(gail, trust,
            new OrganisationInput { Name = "Green Trust", Sector = Sector.Private, Version = 1 }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    private string Founder() => Db.AddPersonWithoutOrganisation("Fay Founder", $"fay.{Guid.NewGuid():N}@example.org");
}
