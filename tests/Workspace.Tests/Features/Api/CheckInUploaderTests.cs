using CheckInUploader;
using Workspace.Web.Features.Api;

namespace Workspace.Tests.Features.Api;

/// <summary>The sample client, run against the app: a line per row, each row recorded once however often the file is sent.</summary>
public sealed class CheckInUploaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Csv_IsRecordedRowByRow_ASecondRunRecordsNothingTwice_AndABadRowFailsTheRun()
    {
        await using var api = new ApiTestApp();
        var token = await api.TokenAsync(api.Partnership, ApiScope.WriteCheckIns, api.IndicatorA);
        using var client = api.Client(token.Secret);
        var today = ApiTestApp.Today;
        var csv = $"indicator id,date,value,note\n{api.IndicatorA},{today},120,\"Nightly, from the case system\"\n{api.IndicatorA},{today},130,\n";
        var uploader = new Uploader(client, api.Partnership);

        var first = new StringWriter();
        var second = new StringWriter();
        var exit = await uploader.RunAsync(new StringReader(csv), first, Ct);
        var again = await uploader.RunAsync(new StringReader(csv), second, Ct);
        var bad = new StringWriter();
        var failed = await uploader.RunAsync(new StringReader($"{api.IndicatorB},{today},5,\n{api.IndicatorA},not-a-date,5,\n"), bad, Ct);

        Assert.Equal((0, 0, 1), (exit, again, failed));
        Assert.Contains("row 2: recorded 120", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("row 3: recorded 130", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("row 2: already recorded 120", second.ToString(), StringComparison.Ordinal);
        Assert.Contains("row 1: not recorded (403)", bad.ToString(), StringComparison.Ordinal);
        Assert.Contains("row 2: skipped", bad.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, api.CheckInCount());
        Assert.Contains(api.Db.Read(db => db.CheckIns.Select(c => c.Comment).ToList()), c => c == "Nightly, from the case system");
    }
}
