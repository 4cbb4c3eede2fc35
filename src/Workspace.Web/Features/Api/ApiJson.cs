using System.Text.Json;

namespace Workspace.Web.Features.Api;

internal static class ApiJson
{
    /// <summary>camelCase, as the minimal API endpoints write their answers.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
