using System.Text.Json.Nodes;
using Prometei.Api.Endpoints;

namespace Prometei.Api.UnitTests;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Hash_MemberOrderAndWhitespace_DoNotMatter() =>
        Assert.Equal(
            CanonicalJson.Hash(JsonNode.Parse("""{"a":1,"b":{"y":[1,2],"x":"t"}}""")),
            CanonicalJson.Hash(JsonNode.Parse("""{ "b" : { "x" : "t", "y" : [ 1, 2 ] }, "a" : 1 }""")));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":"1"}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", """{"a":1,"b":null}""")]
    public void Hash_AnyOtherDifference_Differs(string left, string right) =>
        Assert.NotEqual(CanonicalJson.Hash(JsonNode.Parse(left)), CanonicalJson.Hash(JsonNode.Parse(right)));

    [Fact]
    public void Canonicalize_SortsNestedMembers() =>
        Assert.Equal("""{"a":{"c":1,"d":2},"b":[{"e":1,"f":2}]}""", CanonicalJson.Canonicalize(JsonNode.Parse("""{"b":[{"f":2,"e":1}],"a":{"d":2,"c":1}}""")));

    [Fact]
    public void Hash_IsSha256Hex() => Assert.Matches("^[0-9a-f]{64}$", CanonicalJson.Hash(new JsonObject()));
}
