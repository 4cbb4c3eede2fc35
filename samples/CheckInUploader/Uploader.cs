using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CheckInUploader;

/// <summary>
/// Posts each CSV row (indicator id, date, value, note) as a check-in, with an Idempotency-Key derived from
/// the row: running the same file again records nothing twice. Prints a line per row; the exit code is 0
/// when every row was recorded (or had been already), 1 otherwise.
/// </summary>
public sealed class Uploader(HttpClient client, Guid partnershipId)
{
    private const int MaxAttempts = 3;

    public async Task<int> RunAsync(TextReader csv, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(output);
        var failed = 0;
        var rowNumber = 0;
        while (await csv.ReadLineAsync(cancellationToken) is { } line)
        {
            rowNumber++;
            if (string.IsNullOrWhiteSpace(line) || (rowNumber == 1 && line.StartsWith("indicator", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var message = await UploadAsync(line, cancellationToken);
            if (!message.Ok)
            {
                failed++;
            }

            await output.WriteLineAsync($"row {rowNumber}: {message.Text}");
        }

        await output.WriteLineAsync(failed == 0 ? "All rows recorded." : $"{failed} row(s) not recorded.");
        return failed == 0 ? 0 : 1;
    }

    private async Task<(bool Ok, string Text)> UploadAsync(string line, CancellationToken cancellationToken)
    {
        var fields = SplitCsv(line);
        if (fields.Count < 3 || !Guid.TryParse(fields[0], out var indicatorId))
        {
            return (false, "skipped: expected indicator id, date, value, note");
        }

        if (!DateOnly.TryParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf)
            || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return (false, $"skipped: the date must be yyyy-MM-dd and the value a number, not “{fields[1]}”, “{fields[2]}”");
        }

        var note = fields.Count > 3 ? fields[3] : "";
        var key = "csv-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{indicatorId}|{asOf:yyyy-MM-dd}|{value.ToString("R", CultureInfo.InvariantCulture)}|{note}")))[..40];
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/partnerships/{partnershipId}/indicators/{indicatorId}/check-ins")
            {
                Content = JsonContent.Create(new { value, asOf, note }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var replayed = response.Headers.Contains("Idempotent-Replayed");
                return (true, $"{(replayed ? "already recorded" : "recorded")} {value.ToString(CultureInfo.InvariantCulture)} as of {asOf:yyyy-MM-dd} for {indicatorId}");
            }

            // Too many requests, or the same row still being handled: wait as told, then send it again with the same key.
            if (attempt < MaxAttempts && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2);
                await Task.Delay(wait, cancellationToken);
                continue;
            }

            return (false, $"not recorded ({(int)response.StatusCode}): {await DetailAsync(response, cancellationToken)}");
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            if (problem.TryGetProperty("errors", out var errors))
            {
                detail = string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString())));
            }

            return detail ?? response.ReasonPhrase ?? "error";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "error";
        }
    }

    /// <summary>Splits one CSV line; a field in double quotes may hold commas and doubled quotes.</summary>
    public static IReadOnlyList<string> SplitCsv(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }
}
