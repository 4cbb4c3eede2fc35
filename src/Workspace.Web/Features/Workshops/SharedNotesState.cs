using Workspace.Web.Features.CoTyping;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Workshops;

/// <summary>
/// A workshop's shared notes as the room shows them (decision 022): the text as last read, whether the reader may
/// type (contributors and facilitators, once the workshop started) and why not, and whether their editor is open.
/// Operations carry no picture of the text, so <see cref="Apply"/> only marks it stale; the panel reads it again,
/// once per burst of keystrokes.
/// </summary>
public sealed class SharedNotesState(Guid partnershipId, Guid workshopId)
{
    public Guid? TextId { get; private set; }

    public string Text { get; private set; } = "";

    public long Revision { get; private set; } = -1;

    public bool CanType { get; private set; }

    public string? WhyNotType { get; private set; }

    public int MaxLength { get; private set; } = WorkshopNotes.TextMaxLength;

    /// <summary>The reader's co-typed editor is open; the rendered notes wait until it closes.</summary>
    public bool Editing { get; private set; }

    /// <summary>Someone typed in these notes after the revision last read.</summary>
    public bool Stale { get; private set; }

    /// <summary>Takes the notes as opened or read again; an older read (overtaken meanwhile) changes nothing. True when anything shown changed.</summary>
    public bool Take(CoTextState read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var permission = CanType != read.CanType || WhyNotType != read.WhyNotType;
        CanType = read.CanType;
        WhyNotType = read.WhyNotType;
        MaxLength = read.MaxLength > 0 ? read.MaxLength : MaxLength;
        TextId = read.TextId;
        if (!CanType)
        {
            Editing = false;
        }

        if (read.Revision < Revision)
        {
            return permission;
        }

        var changed = permission || read.Text != Text;
        Text = read.Text;
        Revision = read.Revision;
        return changed;
    }

    /// <summary>True when the event asks for the notes to be read again (typing in them, by anyone).</summary>
    public bool Apply(PartnershipEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change is CoTextChanged typed && typed.PartnershipId == partnershipId && typed.OwnerKind == CoText.WorkshopNotes
            && typed.OwnerId == workshopId && typed.Revision > Revision)
        {
            TextId = typed.TextId;
            Stale = true;
        }

        return Stale;
    }

    /// <summary>Called as a read starts: typing after this point asks for another read.</summary>
    public void Reading() => Stale = false;

    /// <summary>Opens the editor, when the reader may type.</summary>
    public bool StartEdit() => Editing = CanType;

    public void StopEdit() => Editing = false;
}
