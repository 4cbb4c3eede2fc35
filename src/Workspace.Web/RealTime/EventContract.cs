using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Alignment;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Health;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;

namespace Workspace.Web.RealTime;

/// <summary>
/// How a partnership event travels between nodes: one JSON envelope
/// <c>{ "v": 1, "type": "goal-saved", "seq": 17, "node": "…", "event": { … } }</c>. Every event record is
/// named in <see cref="Names"/>; a new event must be added there, or other nodes never see it.
/// </summary>
public static class EventContract
{
    /// <summary>Raise when a change to the envelope or to an event's fields would be misread by a node running the previous version.</summary>
    public const int Version = 1;

    /// <summary>Every event that crosses nodes, by its name on the wire. Names never change once released.</summary>
    private static readonly FrozenDictionary<string, Type> Names = new Dictionary<string, Type>
    {
        ["agreement-changed"] = typeof(AgreementChanged),
        ["alignment-changed"] = typeof(AlignmentChanged),
        ["contribution-changed"] = typeof(ContributionChanged),
        ["co-text-changed"] = typeof(CoTextChanged),
        ["co-text-caret-moved"] = typeof(CoTextCaretMoved),
        ["co-text-caret-left"] = typeof(CoTextCaretLeft),
        ["goal-saved"] = typeof(GoalSaved),
        ["goal-contributions-changed"] = typeof(GoalContributionsChanged),
        ["indicator-saved"] = typeof(IndicatorSaved),
        ["health-answered"] = typeof(HealthAnswered),
        ["health-round-opened"] = typeof(HealthRoundOpened),
        ["health-round-closed"] = typeof(HealthRoundClosed),
        ["health-cadence-changed"] = typeof(HealthCadenceChanged),
        ["health-finding-created"] = typeof(HealthFindingCreated),
        ["log-entry-saved"] = typeof(LogEntrySaved),
        ["positions-changed"] = typeof(PositionsChanged),
        ["reactions-changed"] = typeof(ReactionsChanged),
        ["reply-posted"] = typeof(ReplyPosted),
        ["member-joined"] = typeof(MemberJoined),
        ["member-role-changed"] = typeof(MemberRoleChanged),
        ["member-removed"] = typeof(MemberRemoved),
        ["invitation-changed"] = typeof(InvitationChanged),
        ["partnership-details-changed"] = typeof(PartnershipDetailsChanged),
        ["presence-changed"] = typeof(PresenceChanged),
        ["workshop-saved"] = typeof(WorkshopSaved),
        ["workshop-run-changed"] = typeof(WorkshopRunChanged),
        ["ideas-changed"] = typeof(IdeasChanged),
        ["votes-changed"] = typeof(VotesChanged),
        ["poll-saved"] = typeof(PollSaved),
        ["notifications-added"] = typeof(Workspace.Web.Features.Notifications.NotificationsAdded),
        ["publication-changed"] = typeof(PublicationChanged),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> Types = Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>Events a node tells its own subscribers and never publishes, so they have no name on the wire.</summary>
    public static IReadOnlyList<Type> LocalOnly { get; } = [typeof(EventsMissed)];

    public static IEnumerable<Type> Registered => Names.Values;

    /// <summary>
    /// Web defaults, enums by name (a reordered enum never changes meaning on the wire), and only the data:
    /// computed properties (<c>Progress</c>, <c>Initials</c>, …) are left out, as the receiver computes them again.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DataOnly } },
    };

    public static bool IsRegistered(Type type) => Types.ContainsKey(type);

    public static string? NameOf(Type type) => Types.GetValueOrDefault(type);

    /// <summary>The envelope around <paramref name="sequence"/>: what comes before the number and what follows it, so a script can put the number in.</summary>
    public static (string Head, byte[] Tail) Wrap(PartnershipEvent change, string node)
    {
        ArgumentNullException.ThrowIfNull(change);
        var name = NameOf(change.GetType())
            ?? throw new InvalidOperationException($"{change.GetType().Name} is not in the event contract: add it to {nameof(EventContract)}.{nameof(Names)}.");
        var head = $"{{\"v\":{Version},\"type\":{JsonSerializer.Serialize(name)},\"seq\":";
        var tail = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(tail))
        {
            writer.WriteStartObject();
            writer.WriteString("node", node);
            writer.WritePropertyName("event");
            JsonSerializer.Serialize(writer, change, change.GetType(), Options);
            writer.WriteEndObject();
        }

        // The tail is an object of its own; the comma after the number replaces its opening brace.
        var bytes = tail.WrittenSpan.ToArray();
        bytes[0] = (byte)',';
        return (head, bytes);
    }

    /// <summary>A whole envelope, as the script sends it.</summary>
    public static byte[] Serialize(PartnershipEvent change, long sequence, string node)
    {
        var (head, tail) = Wrap(change, node);
        return [.. Encoding.UTF8.GetBytes(head + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. tail];
    }

    /// <summary>
    /// Reads an envelope. Never throws: an envelope of another version, an unknown type or a broken payload
    /// comes back with <see cref="Envelope.Event"/> null and the reason, and its sequence number when readable.
    /// </summary>
    public static Envelope Deserialize(ReadOnlySpan<byte> json)
    {
        long? sequence = null;
        string? node = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Envelope.Refused(null, null, "not a JSON object");
            }

            if (root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var number))
            {
                sequence = number;
            }

            if (root.TryGetProperty("node", out var from) && from.ValueKind == JsonValueKind.String)
            {
                node = from.GetString();
            }

            if (!root.TryGetProperty("v", out var v) || !v.TryGetInt32(out var version) || version != Version)
            {
                return Envelope.Refused(sequence, node, $"version {(root.TryGetProperty("v", out var raw) ? raw.GetRawText() : "missing")}, expected {Version}");
            }

            var name = root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            if (name is null || !Names.TryGetValue(name, out var eventType))
            {
                return Envelope.Refused(sequence, node, $"unknown type {name ?? "(missing)"}");
            }

            if (!root.TryGetProperty("event", out var payload) || payload.Deserialize(eventType, Options) is not PartnershipEvent change)
            {
                return Envelope.Refused(sequence, node, $"no {name} payload");
            }

            return new Envelope(sequence, node, change, null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return Envelope.Refused(sequence, node, ex.Message);
        }
    }

    private static void DataOnly(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i] is { Set: null, AssociatedParameter: null })
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}

/// <summary>One envelope as read: the event, or why it was refused (<see cref="Error"/>).</summary>
public sealed record Envelope(long? Sequence, string? Node, PartnershipEvent? Event, string? Error)
{
    public static Envelope Refused(long? sequence, string? node, string error) => new(sequence, node, null, error);
}
