namespace CheckInUploader;

/// <summary>The command line: the workspace's address, the partnership, the CSV file; the token from the environment or --token.</summary>
public sealed record UploaderOptions(Uri? BaseUrl, Guid PartnershipId, string? Token, string? CsvPath, string? Error)
{
    public const string Usage =
        "Usage: CheckInUploader --url <workspace address> --partnership <partnership id> [--token <pws_…>] <values.csv>\n"
        + "The token is read from WORKSPACE_API_TOKEN when --token is not given. The CSV has the columns: indicator id, date (yyyy-MM-dd), value, note.";

    public static UploaderOptions Parse(IReadOnlyList<string> args, string? tokenFromEnvironment)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? url = null, partnership = null, token = tokenFromEnvironment, file = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Count:
                    url = args[++i];
                    break;
                case "--partnership" when i + 1 < args.Count:
                    partnership = args[++i];
                    break;
                case "--token" when i + 1 < args.Count:
                    token = args[++i];
                    break;
                default:
                    file = args[i];
                    break;
            }
        }

        string? error = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            error = "Give the workspace's address with --url, e.g. https://workspace.example.org.";
        }
        else if (!Guid.TryParse(partnership, out _))
        {
            error = "Give the partnership's id with --partnership (it is in the address of its pages: /p/<id>).";
        }
        else if (string.IsNullOrWhiteSpace(token))
        {
            error = "Set WORKSPACE_API_TOKEN to the API token (or pass --token).";
        }
        else if (file is null || !File.Exists(file))
        {
            error = file is null ? "Name the CSV file to upload." : $"There is no file {file}.";
        }

        return new UploaderOptions(baseUrl, Guid.TryParse(partnership, out var id) ? id : Guid.Empty, token, file, error);
    }
}
