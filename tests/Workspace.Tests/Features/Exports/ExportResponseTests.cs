using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Features.Exports;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Workshops;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Features.Exports;

/// <summary>
/// Downloads of partnership data are never kept in a browser's or a proxy's cache, and the calendar file
/// links to the public origin, whatever Host the request carried.
/// </summary>
public sealed class ExportResponseTests : IAsyncLifetime
{
    private const string Email = "fran@example.org";
    private readonly TestApp _app = new("Development", new Dictionary<string, string?> { [PublicOrigin.Setting] = "https://workspace.example.gov" });
    private HttpClient _browser = default!;
    private Guid _partnership;
    private Guid _workshop;

    public async ValueTask InitializeAsync()
    {
        var fran = await _app.AddPersonAsync(Email, HttpForms.Password);
        await using var scope = _app.Services.CreateAsyncScope();
        _partnership = (await scope.ServiceProvider.GetRequiredService<PartnershipService>()
            .CreateAsync(fran, new PartnershipInput { Name = "Clean Rivers", Purpose = "Cleaner rivers." }, TestContext.Current.CancellationToken)).Value;
        _workshop = (await scope.ServiceProvider.GetRequiredService<WorkshopService>()
            .CreateAsync(fran, _partnership, new WorkshopInput { Title = "Kick-off", StartsUtc = DateTime.UtcNow.AddDays(7) }, TestContext.Current.CancellationToken)).Value!.Id;
        _browser = _app.NewBrowser(new Uri("http://evil.example/"));
        await _browser.SignInAsync(Email);
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }

    public static TheoryData<string> Downloads => new() { "goals.csv", "check-ins.csv", "export.xlsx", "dashboard", "calendar.ics" };

    [Theory]
    [MemberData(nameof(Downloads))]
    public async Task Download_IsSentWithNoStore(string download)
    {
        using var response = await GetAsync(download);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control was '{response.Headers.CacheControl}'.");
    }

    [Fact]
    public async Task CalendarFile_LinksToThePublicOrigin_NotTheRequestsHost()
    {
        using var response = await GetAsync("calendar.ics");
        // Unfolded: calendar lines longer than 75 octets continue on the next line after a space.
        var calendar = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Replace("\r\n ", "", StringComparison.Ordinal);

        Assert.Contains($"https://workspace.example.gov/p/{_partnership}/workshops/{_workshop}", calendar, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", calendar, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> GetAsync(string download)
    {
        var path = download switch
        {
            "export.xlsx" => ExportEndpoints.WorkbookPath(_partnership),
            "dashboard" => ExportEndpoints.DashboardPath(_partnership),
            "calendar.ics" => $"p/{_partnership}/workshops/{_workshop}/calendar.ics",
            _ => ExportEndpoints.CsvPath(_partnership, download[..^4]),
        };
        return _browser.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
    }
}
