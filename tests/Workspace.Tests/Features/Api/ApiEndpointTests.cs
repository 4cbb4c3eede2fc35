using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workspace.Web.Features.Api;

namespace Workspace.Tests.Features.Api;

/// <summary>Every attack on the open API, through the whole app: each gets its RFC 9457 problem and changes nothing.</summary>
public sealed class ApiEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(double value = 42, string? asOf = null) =>
        $$"""{"value": {{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "asOf": "{{asOf ?? ApiTestApp.Today}}", "note": "From the council"}""";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    [Fact]
    public async Task ReadToken_ReadsGoalsIndicatorsAndDecisions_OfItsPartnership()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.Read);
        using var client = api.Client(token.Secret);

        var goals = await client.GetFromJsonAsync<JsonElement>($"api/v1/partnerships/{api.Partnership}/goals", Ct);
        var indicators = await client.GetFromJsonAsync<JsonElement>($"api/v1/partnerships/{api.Partnership}/indicators", Ct);
        var decisions = await client.GetFromJsonAsync<JsonElement>($"api/v1/partnerships/{api.Partnership}/decisions", Ct);

        Assert.Equal("Fewer cold homes", goals[0].GetProperty("title").GetString());
        Assert.Equal("NotStarted", goals[0].GetProperty("status").GetString());
        Assert.Equal(2, indicators.GetArrayLength());
        Assert.Equal(JsonValueKind.Array, decisions.ValueKind);
    }

    [Fact]
    public async Task NoToken_Gets401WithBearerChallenge_EvenFromABrowserAskingForHtml()
    {
        await using var api = new ApiTestApp();
        using var client = api.Client(null);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var response = await client.GetAsync(new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative), Ct);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("pws_")]
    [InlineData("pws_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MalformedOrUnknownToken_Gets401(string presented)
    {
        await using var api = new ApiTestApp();
        using var client = api.Client(presented);

        using var response = await client.GetAsync(new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative), Ct);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecretWithTheRightPrefixAndId_Gets401_AndTheRightOneWorks()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.Read);
        var last = token.Secret[^1] == 'A' ? 'B' : 'A';
        using var wrong = api.Client(token.Secret[..^1] + last);
        using var right = api.Client(token.Secret);

        using var refused = await wrong.GetAsync(new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative), Ct);
        using var allowed = await right.GetAsync(new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative), Ct);

        await ProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task ExpiredAndRevokedTokens_Get401()
    {
        await using var api = new ApiTestApp();
        var expired = await api.TokenAsync(api.Partnership, ApiScope.Read);
        var revoked = await api.TokenAsync(api.Partnership, ApiScope.Read);
        api.Db.Write(db =>
        {
            db.ApiTokens.Single(t => t.Id == expired.Token.Id).ExpiresUtc = DateTime.UtcNow.AddMinutes(-1);
            db.ApiTokens.Single(t => t.Id == revoked.Token.Id).RevokedUtc = DateTime.UtcNow;
        });

        foreach (var token in new[] { expired, revoked })
        {
            using var client = api.Client(token.Secret);
            using var response = await client.GetAsync(new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative), Ct);
            await ProblemAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task ReadToken_Writing_Gets403_AndRecordsNothing()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.Read);
        using var client = api.Client(token.Secret);

        using var response = await client.PostAsync(ApiTestApp.CheckIns(api.Partnership, api.IndicatorA), Json(Body()), Ct);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, api.CheckInCount());
    }

    [Fact]
    public async Task WriteTokenForA_WritingB_Gets403_AndWritingA_Records()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);

        using var refused = await client.PostAsync(ApiTestApp.CheckIns(api.Partnership, api.IndicatorB), Json(Body()), Ct);
        using var recorded = await client.PostAsync(ApiTestApp.CheckIns(api.Partnership, api.IndicatorA), Json(Body(412)), Ct);

        await ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var indicator = await recorded.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(412, indicator.GetProperty("latest").GetProperty("value").GetDouble());
        Assert.Equal($"API token '{token.Token.Name}'", indicator.GetProperty("latest").GetProperty("recordedBy").GetString());
        Assert.Equal(1, api.CheckInCount());
    }

    [Fact]
    public async Task TokenOfP_ReadingOrWritingQ_Gets404_AsIfQDidNotExist()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);

        using var existing = await client.GetAsync(new Uri($"api/v1/partnerships/{api.OtherPartnership}/goals", UriKind.Relative), Ct);
        using var missing = await client.GetAsync(new Uri($"api/v1/partnerships/{Guid.NewGuid()}/goals", UriKind.Relative), Ct);
        using var write = await client.PostAsync(ApiTestApp.CheckIns(api.OtherPartnership, api.OtherIndicator), Json(Body()), Ct);
        using var foreignIndicator = await client.GetAsync(new Uri($"api/v1/partnerships/{api.Partnership}/indicators/{api.OtherIndicator}", UriKind.Relative), Ct);

        var existingProblem = await ProblemAsync(existing, HttpStatusCode.NotFound);
        var missingProblem = await ProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal(missingProblem.GetProperty("detail").GetString(), existingProblem.GetProperty("detail").GetString());
        await ProblemAsync(write, HttpStatusCode.NotFound);
        await ProblemAsync(foreignIndicator, HttpStatusCode.NotFound);
        Assert.Equal(0, api.CheckInCount());
    }

    [Fact]
    public async Task OversizedBody_Gets413_AndRecordsNothing()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);
        var huge = $$"""{"value": 1, "asOf": "{{ApiTestApp.Today}}", "note": "{{new string('x', 20_000)}}"}""";

        using var response = await client.PostAsync(ApiTestApp.CheckIns(api.Partnership, api.IndicatorA), Json(huge), Ct);

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, api.CheckInCount());
    }

    [Theory]
    [InlineData("{not json", "body")]
    [InlineData("""{"value": "lots", "asOf": "2026-01-01"}""", "value")]
    [InlineData("null", "body")]
    [InlineData("""{"asOf": "2026-01-01"}""", "value")]
    [InlineData("""{"value": 5, "asOf": "2999-01-01"}""", "asOf")]
    public async Task GarbageOrInvalidJson_Gets400WithFieldErrors(string body, string field)
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);

        using var response = await client.PostAsync(ApiTestApp.CheckIns(api.Partnership, api.IndicatorA), Json(body), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, api.CheckInCount());
    }

    [Fact]
    public async Task RetriedPost_WithTheSameKeyAndBody_ReturnsTheFirstAnswer_AndRecordsOnce()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);

        async Task<(HttpStatusCode, string, bool)> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ApiTestApp.CheckIns(api.Partnership, api.IndicatorA)) { Content = Json(Body(7)) };
            request.Headers.Add("Idempotency-Key", "row-2026-12-01-homes");
            using var response = await client.SendAsync(request, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Contains("Idempotent-Replayed"));
        }

        var first = await PostAsync();
        var retry = await PostAsync();

        Assert.Equal(HttpStatusCode.Created, first.Item1);
        Assert.Equal((first.Item1, first.Item2), (retry.Item1, retry.Item2));
        Assert.True(retry.Item3);
        Assert.Equal(1, api.CheckInCount());
    }

    [Fact]
    public async Task SameKey_WithADifferentBody_Gets422_AndRecordsNothingMore()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);

        async Task<HttpResponseMessage> PostAsync(double value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ApiTestApp.CheckIns(api.Partnership, api.IndicatorA)) { Content = Json(Body(value)) };
            request.Headers.Add("Idempotency-Key", "same-key");
            return await client.SendAsync(request, Ct);
        }

        using var first = await PostAsync(7);
        using var second = await PostAsync(8);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAsync(second, (HttpStatusCode)422);
        Assert.Equal(1, api.CheckInCount());
    }

    [Fact]
    public async Task ManyRequests_Get429WithRetryAfter_PerToken()
    {
        await using var api = new ApiTestApp(new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" });
        var busy = await api.TokenAsync(api.Partnership, ApiScope.Read);
        var calm = await api.TokenAsync(api.Partnership, ApiScope.Read);
        using var client = api.Client(busy.Secret);
        using var other = api.Client(calm.Secret);
        var goals = new Uri($"api/v1/partnerships/{api.Partnership}/goals", UriKind.Relative);

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.GetAsync(goals, Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await client.GetAsync(goals, Ct);
        using var otherToken = await other.GetAsync(goals, Ct);

        await ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpointsAndTheBearerScheme_AndTheReferencePageRendersIt()
    {
        await using var api = new ApiTestApp();
        using var client = api.Client(null);

        var document = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", Ct);
        var reference = await client.GetStringAsync(new Uri("api/reference", UriKind.Relative), Ct);

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/partnerships/{partnershipId}/indicators/{indicatorId}/check-ins", out var checkIns));
        Assert.DoesNotContain(paths.EnumerateObject(), p => !p.Name.StartsWith("/api/v1/", StringComparison.Ordinal));
        Assert.Contains("Idempotency-Key", checkIns.ToString(), StringComparison.Ordinal);
        Assert.Contains("Record a check-in", reference, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", reference, StringComparison.OrdinalIgnoreCase);
    }
}
