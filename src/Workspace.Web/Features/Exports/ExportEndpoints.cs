using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dashboard;

namespace Workspace.Web.Features.Exports;

/// <summary>
/// Downloads for members: one CSV file per kind (goals, indicators, check-ins, decisions, actions),
/// one Excel workbook with a sheet per kind, the dashboard as JSON, and a version of the partnering
/// agreement as a Word document. Non-members get 404. Nothing is
/// kept in a browser's or a proxy's cache (<c>Cache-Control: no-store</c>).
/// </summary>
public static partial class ExportEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static string CsvPath(Guid partnershipId, string kind) => $"api/partnerships/{partnershipId}/export/{kind}.csv";

    public static string WorkbookPath(Guid partnershipId) => $"api/partnerships/{partnershipId}/export.xlsx";

    public static string DashboardPath(Guid partnershipId) => $"api/partnerships/{partnershipId}/dashboard";

    public static IEndpointRouteBuilder MapWorkspaceExports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/partnerships/{partnershipId:guid}").RequireAuthorization().WithNoStore();

        group.MapGet("/dashboard", async (Guid partnershipId, ClaimsPrincipal user, DashboardService dashboards, CancellationToken cancellationToken) =>
        {
            var result = await dashboards.LoadAsync(user.GetUserId(), partnershipId, cancellationToken);
            return result.Succeeded ? Results.Json(result.Value!.View(dashboards.Today), Json) : Results.NotFound();
        });

        group.MapGet("/export/{kind}.csv", async (Guid partnershipId, string kind, ClaimsPrincipal user, ExportService exports, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var result = await exports.DownloadAsync(user.GetUserId(), partnershipId, [kind], $"{kind} (CSV)", cancellationToken);
            if (!result.Succeeded)
            {
                return Results.NotFound();
            }

            var table = result.Value!.Tables[0];
            return Results.File(ExportWriters.Csv(table), "text/csv; charset=utf-8", FileName(result.Value.PartnershipName, kind, clock, "csv"));
        });

        group.MapGet("/export.xlsx", async (Guid partnershipId, ClaimsPrincipal user, ExportService exports, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var result = await exports.DownloadAsync(user.GetUserId(), partnershipId, null, "all data (Excel)", cancellationToken);
            return result.Succeeded
                ? Results.File(ExportWriters.Workbook(result.Value!.Tables), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    FileName(result.Value.PartnershipName, "data", clock, "xlsx"))
                : Results.NotFound();
        });

        group.MapGet("/agreement.docx", async (Guid partnershipId, int? version, ClaimsPrincipal user, AgreementService agreement, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var result = await agreement.DownloadAsync(user.GetUserId(), partnershipId, version, "Word", cancellationToken);
            return result.Succeeded
                ? Results.File(AgreementWord.Write(result.Value!), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    FileName(result.Value!.PartnershipName, $"agreement-v{result.Value.Number}", clock, "docx"))
                : Results.NotFound();
        });

        return app;
    }

    public static string AgreementPath(Guid partnershipId, int version) => $"api/partnerships/{partnershipId}/agreement.docx?version={version}";

    private static string FileName(string partnership, string kind, TimeProvider clock, string extension)
    {
        var slug = NotWord().Replace(partnership.ToLowerInvariant(), "-").Trim('-');
        var date = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return $"{(slug.Length == 0 ? "partnership" : slug)}-{kind}-{date}.{extension}";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotWord();
}
