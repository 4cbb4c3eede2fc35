using Workspace.Web.Features.CoTyping;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>The operation algebra co-typing rests on: apply, compose, transform, caret moves and the compact wire form.</summary>
public sealed class TextOperationTests
{
    private static TextOperation Op(string json)
    {
        Assert.True(TextOperation.TryParse(json, out var op, out var error), error);
        return op;
    }

    [Fact]
    public void Apply_RetainsInsertsAndDeletes()
    {
        Assert.Equal("Hello brave world", Op("""[6,"brave ",5]""").Apply("Hello world"));
        Assert.Equal("Hello", Op("""[5,-6]""").Apply("Hello world"));
        Assert.Equal("Hi world", Op("""["Hi",-5,6]""").Apply("Hello world"));
    }

    [Fact]
    public void Apply_RefusesATextOfAnotherLength()
    {
        var op = Op("""[3,"x"]""");
        Assert.NotNull(op.Check("abcd"));
        Assert.Throws<InvalidOperationException>(() => op.Apply("abcd"));
    }

    [Fact]
    public void Parts_AreNormalised_SoEqualChangesAreEqual()
    {
        var built = new TextOperation().Retain(2).Retain(1).Delete(1).Insert("a").Insert("b").Delete(2);
        Assert.Equal("""[3,"ab",-3]""", built.ToJson());
        Assert.Equal(Op("""[3,"ab",-3]"""), built);
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var op = new TextOperation().Retain(5).Insert("ä \"q\" 😀\n").Delete(2).Retain(1);
        Assert.Equal(op, Op(op.ToJson()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"retain\":1}")]
    [InlineData("[0]")]
    [InlineData("[\"\"]")]
    [InlineData("[1.5]")]
    [InlineData("[true]")]
    [InlineData("[[1]]")]
    [InlineData("[null]")]
    [InlineData("[99999999999]")]
    [InlineData("[-2147483648]")]
    [InlineData("[300000]")]
    [InlineData("[\"\\ud83d\"]")]
    [InlineData("[\"a\\ude00\"]")]
    public void TryParse_RefusesBadInput_WithAReason(string json)
    {
        Assert.False(TextOperation.TryParse(json, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_RefusesTooManyParts()
    {
        var json = "[" + string.Join(",", Enumerable.Repeat("1,\"a\"", TextOperation.MaxParts)) + "]";
        Assert.False(TextOperation.TryParse(json, out _, out var error));
        Assert.Contains("parts", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RefusesABoundaryInsideASurrogatePair()
    {
        const string text = "a😀b";
        Assert.NotNull(Op("""[2,"x",2]""").Check(text));
        Assert.NotNull(Op("""[1,-1,2]""").Check(text));
        Assert.NotNull(Op("""[2,-2]""").Check(text));
        Assert.Null(Op("""[3,"x",1]""").Check(text));
        Assert.Null(Op("""[1,-2,1]""").Check(text));
    }

    [Fact]
    public void Compose_HasTheEffectOfBothInTurn()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var s = RandomText(random, random.Next(0, 20));
            var a = RandomOperation(random, s);
            var afterA = a.Apply(s);
            var b = RandomOperation(random, afterA);
            Assert.Equal(b.Apply(afterA), TextOperation.Compose(a, b).Apply(s));
        }
    }

    [Fact]
    public void Transform_MeetsTp1_ForRandomPairs()
    {
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var s = RandomText(random, random.Next(0, 20));
            var a = RandomOperation(random, s);
            var b = RandomOperation(random, s);
            var (aPrime, bPrime) = TextOperation.Transform(a, b);
            var viaA = bPrime.Apply(a.Apply(s));
            var viaB = aPrime.Apply(b.Apply(s));
            Assert.Equal(viaA, viaB);
            Assert.Null(aPrime.Check(b.Apply(s)));
        }
    }

    [Fact]
    public void Transform_PutsTheFirstOperationsInsertFirst_AtOnePosition()
    {
        var a = Op("""[2,"A",1]""");
        var b = Op("""[2,"B",1]""");
        var (aPrime, bPrime) = TextOperation.Transform(a, b);
        Assert.Equal("xyABz", bPrime.Apply(a.Apply("xyz")));
        Assert.Equal("xyABz", aPrime.Apply(b.Apply("xyz")));
    }

    [Fact]
    public void Transform_OfOverlappingDeletes_DeletesOnce()
    {
        var a = Op("""[1,-3,1]""");
        var b = Op("""[2,-3]""");
        var (aPrime, bPrime) = TextOperation.Transform(a, b);
        Assert.Equal("a", bPrime.Apply(a.Apply("abcde")));
        Assert.Equal("a", aPrime.Apply(b.Apply("abcde")));
    }

    [Fact]
    public void TransformIndex_MovesTheCaretAlongWithRemoteInsertsBeforeIt()
    {
        const string text = "The goal is clear.";
        var caret = text.IndexOf("clear", StringComparison.Ordinal);
        var remote = Op("""[4,"shared ",14]""");
        var after = remote.Apply(text);
        var moved = remote.TransformIndex(caret);
        Assert.Equal("clear.", after[moved..]);
    }

    [Fact]
    public void TransformIndex_KeepsTheCaret_WhenTheInsertIsAtOrAfterIt()
    {
        var remote = Op("""[5,"XYZ",3]""");
        Assert.Equal(5, remote.TransformIndex(5));
        Assert.Equal(2, remote.TransformIndex(2));
        Assert.Equal(10, remote.TransformIndex(7));
    }

    [Fact]
    public void TransformIndex_PullsTheCaretToTheStartOfADeleteAroundIt()
    {
        var remote = Op("""[2,-4,2]""");
        Assert.Equal(2, remote.TransformIndex(4));
        Assert.Equal(4, remote.TransformIndex(8));
        Assert.Equal(1, remote.TransformIndex(1));
    }

    [Fact]
    public void TransformIndex_KeepsTheCaretBesideTheSameCharacters_ForRandomRemoteChanges()
    {
        var random = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            var s = RandomText(random, random.Next(1, 20));
            var caret = random.Next(0, s.Length + 1);
            var remote = RandomOperation(random, s);

            // A marker typed at the caret and the remote change, merged, show where the caret belongs.
            var local = new TextOperation().Retain(caret).Insert("\u0001").Retain(s.Length - caret);
            var (localPrime, _) = TextOperation.Transform(local, remote);
            var merged = localPrime.Apply(remote.Apply(s));
            Assert.Equal(merged.IndexOf('\u0001', StringComparison.Ordinal), remote.TransformIndex(caret));
        }
    }

    internal static string RandomText(Random random, int length)
    {
        var builder = new System.Text.StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(random.Next(10) == 0 ? "😀" : ((char)('a' + random.Next(26))).ToString());
        }

        return builder.ToString();
    }

    /// <summary>A random change to <paramref name="text"/> that never cuts a surrogate pair.</summary>
    internal static TextOperation RandomOperation(Random random, string text)
    {
        var op = new TextOperation();
        var index = 0;
        while (index < text.Length)
        {
            var span = Math.Min(text.Length - index, random.Next(1, 6));
            if (char.IsHighSurrogate(text[index + span - 1]))
            {
                span = span + 1 <= text.Length - index ? span + 1 : span - 1;
            }

            if (span <= 0)
            {
                span = 2;
            }

            switch (random.Next(4))
            {
                case 0:
                    op.Insert(RandomText(random, random.Next(1, 4)));
                    break;
                case 1:
                    op.Delete(span);
                    index += span;
                    break;
                default:
                    op.Retain(span);
                    index += span;
                    break;
            }
        }

        if (random.Next(3) == 0)
        {
            op.Insert(RandomText(random, random.Next(1, 4)));
        }

        return op;
    }
}
