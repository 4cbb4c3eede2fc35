using System.Collections;

namespace Workspace.Web.Components.Common;

/// <summary>
/// An immutable list that equals another with the same items in the same order. Model records that
/// hold a <see cref="ValueList{T}"/> compare by what they show, so a component keyed by the record
/// (<see cref="ModelComponent{TModel}"/>) cannot miss a change nor render for an equal copy.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;
    private int _hash;
    private System.Collections.ObjectModel.ReadOnlyCollection<T>? _collection;

    public static ValueList<T> Empty { get; } = new([]);

    private ValueList(T[] items) => _items = items;

    public static ValueList<T> Of(IEnumerable<T> items) => items switch
    {
        ValueList<T> list => list,
        _ => new([.. items]),
    };

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    /// <summary>The items as a read-only <see cref="ICollection{T}"/>, as <c>Virtualize</c> takes them.</summary>
    public ICollection<T> AsCollection() => _collection ??= Array.AsReadOnly(_items);

    public bool Equals(ValueList<T>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._items.Length != _items.Length || (_hash != 0 && other._hash != 0 && _hash != other._hash))
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!comparer.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            foreach (var item in _items)
            {
                hash.Add(item);
            }

            // Zero marks "not computed yet".
            _hash = hash.ToHashCode() | 1;
        }

        return _hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}

/// <summary>Builds <see cref="ValueList{T}"/>s with collection expressions' help.</summary>
public static class ValueList
{
    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => ValueList<T>.Of(items);
}
