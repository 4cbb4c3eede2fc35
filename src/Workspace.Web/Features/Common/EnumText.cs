using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Workspace.Web.Features.Common;

public static class EnumText
{
    /// <summary>The enum value's <see cref="DisplayAttribute"/> name, or its name.</summary>
    public static string ToText<TEnum>(this TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return typeof(TEnum).GetField(name)?.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? name;
    }
}
