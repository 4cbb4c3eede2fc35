using System.Runtime.CompilerServices;

namespace Workspace.Web.Features.CoTyping;

/// <summary>One operation as the browser editor receives it (on the hub, in an ack, in a catch-up); its own (client id and sequence number) acknowledge what it sent.</summary>
public sealed record CoTextDelivery(long Revision, string Operation, string ClientId, long ClientSeq)
{
    // One delivery per event on a node, however many editors show the text.
    private static readonly ConditionalWeakTable<CoTextChanged, CoTextDelivery> Shared = [];

    public static CoTextDelivery Of(CoTextChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Shared.GetValue(change, static c => new(c.Revision, c.Operation, c.ClientId, c.ClientSeq));
    }

    public static CoTextDelivery Of(CoTextOperationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Revision, view.Operation, view.ClientId, view.ClientSeq);
    }
}
