using System.Collections;

namespace Workspace.Tests.Support;

/// <summary>Non-null values of a given type, so a query's SQL is generated for the common case of a value being present.</summary>
public static class PlaceholderValues
{
    public static object? For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "x";
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return type == typeof(bool) ? true : Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        var simple = Simple(type);
        if (simple is not null)
        {
            return simple;
        }

        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(For(type.GetElementType()!), 0);
            return array;
        }

        // A dictionary's Keys or Values, e.g. names looked up for a set of ids.
        if (type.DeclaringType == typeof(Dictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(arguments))!;
            dictionary.Add(For(arguments[0])!, For(arguments[1]));
            return type.Name.StartsWith("Key", StringComparison.Ordinal) ? dictionary.Keys : dictionary.Values;
        }

        var element = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (element is not null)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(For(element));
            if (type.IsInstanceOfType(list))
            {
                return list;
            }

            // HashSet<T> and the like take the items in their constructor.
            return Activator.CreateInstance(type, list);
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    private static object? Simple(Type type) =>
        type == typeof(Guid) ? Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
        : type == typeof(DateTime) ? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)
        : type == typeof(DateTimeOffset) ? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)
        : type == typeof(DateOnly) ? new DateOnly(2026, 1, 1)
        : type == typeof(TimeOnly) ? new TimeOnly(12, 0)
        : type == typeof(TimeSpan) ? TimeSpan.FromMinutes(1)
        : null;
}
