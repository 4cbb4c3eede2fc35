using Workspace.Web.RealTime;

namespace Workspace.Web.Components.Common;

/// <summary>Who is here, for <see cref="PresenceAvatars"/>.</summary>
public sealed record PresenceAvatarsModel(ValueList<PresenceEntry> People, string Label = "Here now");

/// <summary>The others editing one field, for <see cref="EditingNotice"/>: it renders only when they change.</summary>
public sealed record EditingNoticeModel(ValueList<PresenceEntry> Editors, string FieldLabel)
{
    /// <summary>Those among <paramref name="people"/> other than the viewer who are editing <paramref name="field"/>.</summary>
    public static EditingNoticeModel Of(IEnumerable<PresenceEntry> people, string field, string fieldLabel, string? viewerUserId) =>
        new(people.Where(p => p.EditingField == field && p.UserId != viewerUserId).ToValueList(), fieldLabel);
}
