using System.Text;
using System.Text.Json.Nodes;
using Workspace.Web.Features.Goals;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>The one JSON contract events cross nodes in: every event is in it, survives the trip, and a stranger's envelope is refused without harm.</summary>
public sealed class EventContractTests
{
    public static TheoryData<string> EventTypes() => new(EventContract.Registered.Select(t => t.FullName!));

    [Fact]
    public void EveryEventRecord_IsInTheContract_OrToldOnlyLocally()
    {
        var missing = EventSamples.AllEventTypes()
            .Where(t => !EventContract.IsRegistered(t) && !EventContract.LocalOnly.Contains(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(missing.Count == 0,
            $"Events other nodes would never see: {string.Join(", ", missing)}. Give each a name in the table in src/Workspace.Web/RealTime/EventContract.cs.");
        Assert.True(EventContract.Registered.Count() >= 26);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void EachEvent_RoundTrips_ToTheSameJson(string typeName)
    {
        var type = EventContract.Registered.Single(t => t.FullName == typeName);
        var sample = EventSamples.Build(type);

        var sent = EventContract.Serialize(sample, 42, "node-a");
        var received = EventContract.Deserialize(sent);

        Assert.Null(received.Error);
        Assert.IsType(type, received.Event);
        Assert.Equal(42, received.Sequence);
        Assert.Equal("node-a", received.Node);
        Assert.Equal(Encoding.UTF8.GetString(sent), Encoding.UTF8.GetString(EventContract.Serialize(received.Event!, 42, "node-a")));
    }

    [Fact]
    public void Envelope_HasVersionTypeSequenceNodeAndEvent_WithEnumsByName_AndNoComputedFields()
    {
        var sample = (IndicatorSaved)EventSamples.Build(typeof(IndicatorSaved));

        var envelope = JsonNode.Parse(EventContract.Serialize(sample, 7, "n1"))!.AsObject();

        Assert.Equal(["v", "type", "seq", "node", "event"], envelope.Select(p => p.Key));
        Assert.Equal(1, (int)envelope["v"]!);
        Assert.Equal("indicator-saved", (string)envelope["type"]!);
        Assert.Equal(7, (long)envelope["seq"]!);
        var indicator = envelope["event"]!["indicator"]!.AsObject();
        Assert.Equal(sample.Indicator.Direction.ToString(), (string)indicator["direction"]!);
        Assert.False(indicator.ContainsKey("progress"));
        Assert.False(indicator.ContainsKey("latest"));
        Assert.Equal(sample.Indicator.Progress, ((IndicatorSaved)EventContract.Deserialize(EventContract.Serialize(sample, 7, "n1")).Event!).Indicator.Progress);
    }

    [Theory]
    [InlineData("""{"v":2,"type":"goal-saved","seq":5,"node":"x","event":{}}""", 5L)]
    [InlineData("""{"v":1,"type":"goal-renamed-in-a-later-version","seq":6,"node":"x","event":{}}""", 6L)]
    [InlineData("""{"v":1,"type":"goal-saved","seq":8,"node":"x","event":{"goal":"not an object"}}""", 8L)]
    [InlineData("""{"type":"goal-saved"}""", null)]
    [InlineData("""not json at all""", null)]
    [InlineData("""[1,2]""", null)]
    public void UnknownVersionTypeOrPayload_IsRefused_WithAReason_NeverThrown(string json, long? sequence)
    {
        var envelope = EventContract.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Null(envelope.Event);
        Assert.False(string.IsNullOrEmpty(envelope.Error));
        Assert.Equal(sequence, envelope.Sequence);
    }

    [Fact]
    public void AnEventOutsideTheContract_CannotBeWrapped_AndSaysWhereToAddIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EventContract.Wrap(new EventsMissed(Guid.NewGuid()), "n"));
        Assert.Contains("EventContract", error.Message, StringComparison.Ordinal);
    }
}
