using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Workspace.Web.Features.Common;

public static class EnumText
{
    /// <summary>The enum value's <see cref="DisplayAttribute"/> name, or its name.</summary>
    /// <remarks>Read once per enum type: chips and tables call this for every row on every render.</remarks>
    public static string ToText<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Texts<TEnum>.ByValue.TryGetValue(value, out var text) ? text : value.ToString();

    private static class Texts<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>()
            .Distinct()
            .ToFrozenDictionary(value => value, Read);

        private static string Read(TEnum value)
        {
            var name = value.ToString();
            return typeof(TEnum).GetField(name)?.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? name;
        }
    }
}
