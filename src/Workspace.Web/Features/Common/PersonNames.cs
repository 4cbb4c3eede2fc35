namespace Workspace.Web.Features.Common;

public static class PersonNames
{
    /// <summary>Up to two initials for an avatar: "Ana Costa" → "AC".</summary>
    public static string Initials(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<char> initials = stackalloc char[2];
        var count = 0;
        var atWordStart = true;
        foreach (var c in name)
        {
            if (c == ' ')
            {
                atWordStart = true;
            }
            else if (atWordStart)
            {
                initials[count++] = char.ToUpperInvariant(c);
                atWordStart = false;
                if (count == initials.Length)
                {
                    break;
                }
            }
        }

        return new string(initials[..count]);
    }
}
