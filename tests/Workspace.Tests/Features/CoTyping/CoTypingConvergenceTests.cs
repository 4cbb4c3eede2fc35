using Workspace.Web.Features.CoTyping;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// Five replicas type at once against one server that transforms each received change over the changes applied
/// since its base revision, with messages delivered in random interleavings (each connection in order);
/// afterwards every replica holds the server's text.
/// </summary>
public sealed class CoTypingConvergenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2026)]
    public void FiveReplicas_TenThousandConcurrentChanges_Converge(int seed)
    {
        var random = new Random(seed);
        var server = new Server("Our shared goal: ");
        var clients = Enumerable.Range(0, 5).Select(i => new Client(i, server.Text)).ToList();
        var generated = 0;
        while (generated < 10_000)
        {
            var roll = random.Next(10);
            var client = clients[random.Next(clients.Count)];
            if (roll < 4)
            {
                var op = Edit(random, client.Text);
                client.PlaceCaret(random);
                client.ApplyLocal(op);
                generated++;
            }
            else if (roll < 7 && client.Outbox.Count > 0)
            {
                var (revision, op) = client.Outbox.Dequeue();
                server.Receive(client, revision, op, clients);
            }
            else if (client.Inbox.Count > 0)
            {
                client.Deliver();
            }
        }

        // Drain: everything in flight arrives, and every acknowledged client sends its buffer.
        while (clients.Any(c => c.Outbox.Count > 0 || c.Inbox.Count > 0))
        {
            var client = clients[random.Next(clients.Count)];
            if (random.Next(2) == 0 && client.Outbox.Count > 0)
            {
                var (revision, op) = client.Outbox.Dequeue();
                server.Receive(client, revision, op, clients);
            }
            else if (client.Inbox.Count > 0)
            {
                client.Deliver();
            }
        }

        Assert.Equal(10_000, server.Received.Count + clients.Sum(c => c.LocalOnlyMerged));
        Assert.All(clients, c =>
        {
            Assert.Equal(Client.StateName.Synchronized, c.State);
            Assert.Equal(server.Text, c.Text);
            Assert.Equal(server.History.Count, c.Revision);
        });
    }

    /// <summary>A keystroke, a word, a deletion or a paste, biased so the text stays a readable size.</summary>
    private static TextOperation Edit(Random random, string text)
    {
        var boundaries = Enumerable.Range(0, text.Length + 1)
            .Where(i => i == 0 || i == text.Length || !(char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i])))
            .ToList();
        var at = boundaries[random.Next(boundaries.Count)];
        if (text.Length > 400 || (text.Length > 0 && random.Next(4) == 0))
        {
            var ends = boundaries.Where(b => b > at && b <= at + 12).ToList();
            if (ends.Count > 0)
            {
                var end = ends[random.Next(ends.Count)];
                return new TextOperation().Retain(at).Delete(end - at).Retain(text.Length - end);
            }
        }

        var typed = TextOperationTests.RandomText(random, random.Next(1, 4));
        return new TextOperation().Retain(at).Insert(typed).Retain(text.Length - at);
    }

    private sealed class Server(string text)
    {
        public string Text { get; private set; } = text;

        public List<TextOperation> History { get; } = [];

        public List<TextOperation> Received { get; } = [];

        public void Receive(Client from, int revision, TextOperation op, List<Client> clients)
        {
            Received.Add(op);
            var transformed = TextOperation.TransformAgainst(op, History.Skip(revision));
            Assert.Null(transformed.Check(Text));
            Text = transformed.Apply(Text);
            History.Add(transformed);
            foreach (var client in clients)
            {
                client.Inbox.Enqueue(client == from ? null : transformed);
            }
        }
    }

    /// <summary>The client side of ot.js: synchronised, awaiting an acknowledgement, or awaiting with a buffer.</summary>
    private sealed class Client(int id, string text)
    {
        public enum StateName
        {
            Synchronized,
            AwaitingConfirm,
            AwaitingWithBuffer,
        }

        public int Id { get; } = id;

        public string Text { get; private set; } = text;

        public int Revision { get; private set; }

        public StateName State { get; private set; }

        public Queue<(int Revision, TextOperation Op)> Outbox { get; } = new();

        /// <summary>Server messages in order: null acknowledges this client's outstanding change.</summary>
        public Queue<TextOperation?> Inbox { get; } = new();

        /// <summary>Local changes composed into a buffer instead of being sent on their own.</summary>
        public int LocalOnlyMerged { get; private set; }

        private TextOperation? _outstanding;
        private TextOperation? _buffer;
        private int _caret;

        public void ApplyLocal(TextOperation op)
        {
            Text = op.Apply(Text);
            switch (State)
            {
                case StateName.Synchronized:
                    _outstanding = op;
                    Outbox.Enqueue((Revision, op));
                    State = StateName.AwaitingConfirm;
                    break;
                case StateName.AwaitingConfirm:
                    _buffer = op;
                    State = StateName.AwaitingWithBuffer;
                    break;
                default:
                    _buffer = TextOperation.Compose(_buffer!, op);
                    LocalOnlyMerged++;
                    break;
            }
        }

        public void Deliver()
        {
            var message = Inbox.Dequeue();
            Revision++;
            if (message is null)
            {
                Acknowledge();
            }
            else
            {
                ApplyServer(message);
            }
        }

        private void Acknowledge()
        {
            switch (State)
            {
                case StateName.AwaitingConfirm:
                    _outstanding = null;
                    State = StateName.Synchronized;
                    break;
                case StateName.AwaitingWithBuffer:
                    _outstanding = _buffer;
                    _buffer = null;
                    Outbox.Enqueue((Revision, _outstanding!));
                    State = StateName.AwaitingConfirm;
                    break;
                default:
                    throw new InvalidOperationException($"Client {Id} got an acknowledgement with nothing outstanding.");
            }
        }

        private void ApplyServer(TextOperation op)
        {
            var toApply = op;
            if (_outstanding is not null)
            {
                (_outstanding, toApply) = TextOperation.Transform(_outstanding, toApply);
            }

            if (_buffer is not null)
            {
                (_buffer, toApply) = TextOperation.Transform(_buffer, toApply);
            }

            var before = Text;
            Text = toApply.Apply(Text);
            var caret = Math.Min(_caret, before.Length);
            var moved = toApply.TransformIndex(caret);

            // The caret stays beside the same characters: what followed it still follows it, after any insert made exactly there.
            if (caret < before.Length && Survives(toApply, caret, out var insertedThere))
            {
                Assert.Equal(before[caret], Text[moved + insertedThere]);
            }

            _caret = moved;
        }

        /// <summary>Puts the caret somewhere, as a person clicking before the next change.</summary>
        public void PlaceCaret(Random random)
        {
            _caret = random.Next(0, Text.Length + 1);
            if (_caret > 0 && _caret < Text.Length && char.IsLowSurrogate(Text[_caret]))
            {
                _caret--;
            }
        }

        /// <summary>True when the operation keeps the character at <paramref name="index"/>; how much it inserts right before it.</summary>
        private static bool Survives(TextOperation op, int index, out int insertedThere)
        {
            insertedThere = 0;
            var position = 0;
            foreach (var part in op.Parts)
            {
                if (part.Kind == TextOpKind.Insert)
                {
                    insertedThere = position == index ? insertedThere + part.Count : 0;
                    continue;
                }

                if (index < position + part.Count)
                {
                    return part.Kind == TextOpKind.Retain;
                }

                position += part.Count;
                insertedThere = 0;
            }

            return false;
        }
    }
}
