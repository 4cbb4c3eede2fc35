using System.Collections;
using System.Reflection;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>
/// Builds an instance of any event record with a value other than the default in every property, so a
/// round trip through the contract shows each field that would be lost.
/// </summary>
internal static class EventSamples
{
    public static IEnumerable<Type> AllEventTypes() => typeof(PartnershipEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(PartnershipEvent)) && !t.IsAbstract)
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static PartnershipEvent Build(Type type) => (PartnershipEvent)Value(type, type.Name, 0);

    private static object Value(Type type, string name, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Value(underlying, name, depth);
        }

        var seed = (uint)StringComparer.Ordinal.GetHashCode(name);
        if (type == typeof(string))
        {
            return $"{name} “text” <{seed % 1000}>";
        }

        if (type == typeof(Guid))
        {
            return new Guid((int)seed, 1, 2, [3, 4, 5, 6, 7, 8, 9, 10]);
        }

        if (type == typeof(int))
        {
            return (int)(seed % 90) + 3;
        }

        if (type == typeof(long))
        {
            return (long)(seed % 9000) + 11;
        }

        if (type == typeof(double))
        {
            return (seed % 1000) / 8.0 + 0.125;
        }

        if (type == typeof(decimal))
        {
            return (seed % 100000) / 100m + 0.01m;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(DateTime))
        {
            return new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddSeconds(seed % 100000).AddTicks(1234);
        }

        if (type == typeof(DateOnly))
        {
            return new DateOnly(2026, 5, 6).AddDays((int)(seed % 300));
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1)!;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is { } generic
            && (generic == typeof(IReadOnlyList<>) || generic == typeof(IEnumerable<>) || generic == typeof(IReadOnlyCollection<>)))
        {
            var item = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
            list.Add(Value(item, name + "[0]", depth + 1));
            list.Add(Value(item, name + "[1]", depth + 1));
            return list;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            var (key, value) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, value))!;
            map.Add(Value(key, name + ".key", depth + 1), Value(value, name + ".value", depth + 1));
            return map;
        }

        if (depth > 8)
        {
            throw new InvalidOperationException($"{name}: nesting too deep for a sample.");
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var instance = constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, $"{name}.{p.Name}", depth + 1))]);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && constructor.GetParameters().All(p => p.Name != property.Name))
            {
                property.SetValue(instance, Value(property.PropertyType, $"{name}.{property.Name}", depth + 1));
            }
        }

        return instance;
    }
}
