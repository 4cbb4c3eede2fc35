using System.Net.Http.Headers;
using CheckInUploader;

// checkinuploader --url https://workspace.example.org --partnership <id> values.csv   (token in WORKSPACE_API_TOKEN)
var options = UploaderOptions.Parse(args, Environment.GetEnvironmentVariable("WORKSPACE_API_TOKEN"));
if (options.Error is not null)
{
    await Console.Error.WriteLineAsync(options.Error);
    await Console.Error.WriteLineAsync(UploaderOptions.Usage);
    return 2;
}

using var client = new HttpClient { BaseAddress = options.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
using var csv = File.OpenText(options.CsvPath!);
return await new Uploader(client, options.PartnershipId).RunAsync(csv, Console.Out);
