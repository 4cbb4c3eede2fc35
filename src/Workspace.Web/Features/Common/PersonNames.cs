namespace Workspace.Web.Features.Common;

public static class PersonNames
{
    /// <summary>Up to two initials for an avatar: "Ana Costa" → "AC".</summary>
    public static string Initials(string name) => string.Concat(name
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Take(2)
        .Select(part => char.ToUpperInvariant(part[0])));
}
