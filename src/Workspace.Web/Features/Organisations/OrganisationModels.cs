namespace Workspace.Web.Features.Organisations;

/// <summary>The organisation a person speaks for, or the request that waits for its admins.</summary>
public sealed record MyOrganisationView(
    OrganisationOption? Organisation, OrganisationJoinedVia? Via, DateTime? JoinedUtc, bool IsAdmin, PendingJoinRequest? Pending, bool EmailConfirmed,
    int RequestsWaiting = 0);

public sealed record PendingJoinRequest(Guid Id, Guid OrganisationId, string OrganisationName, DateTime RequestedUtc);

/// <summary>What an organisation's admins manage: its people, the requests to join it and its email domains.</summary>
public sealed record OrganisationAdminView(
    OrganisationOption Organisation, IReadOnlyList<OrganisationPerson> People, IReadOnlyList<JoinRequestView> Requests,
    IReadOnlyList<DomainView> Domains, string? MyEmailDomain);

public sealed record OrganisationPerson(string UserId, string Name, string Email, string? JobTitle, bool IsAdmin, OrganisationJoinedVia? Via, DateTime? JoinedUtc);

public sealed record JoinRequestView(Guid Id, string UserId, string Name, string Email, string? JobTitle, DateTime RequestedUtc, long Version);

public sealed record DomainView(Guid Id, string Domain, string AddedBy, DateTime AddedUtc);
