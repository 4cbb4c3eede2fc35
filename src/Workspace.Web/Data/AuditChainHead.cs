namespace Workspace.Web.Data;

/// <summary>
/// The end of a partnership's audit chain: how many records it holds and the hash of the last. Every save
/// that appends change records locks this row first, so two saves never take the same place in the chain.
/// </summary>
public class AuditChainHead
{
    public Guid PartnershipId { get; set; }

    public long Length { get; set; }

    public string? LastHash { get; set; }
}
