namespace Workspace.Tests.Hosting;

/// <summary>The messages of a failed start, whatever the test host wrapped them in.</summary>
internal static class StartupFailure
{
    public static string Message(Exception error)
    {
        var messages = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
            if (current is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(inner => inner.Message));
            }
        }

        return string.Join(" | ", messages);
    }
}
