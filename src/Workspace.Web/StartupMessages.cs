using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Workspace.Web.Data;

namespace Workspace.Web;

internal static class StartupMessages
{
    /// <summary>Tells whoever started the app where to open it, and how to sign in to the demo.</summary>
    public static void PrintUrls(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"Partnership Workspace is running at {address}");
        }

        if (DemoData.IsSwitchedOn(app.Configuration, app.Environment))
        {
            Console.WriteLine($"Demo sign-in: facilitator@demo.local (or contributor@, partner@, ngo@, observer@) with password {DemoData.Password}");
        }
    }
}
