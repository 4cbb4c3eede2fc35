namespace Workspace.Web.Features.Notifications;

public static class NotificationServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaceNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddScoped<NotificationService>();
        services.AddScoped<ChangesService>();
        services.AddScoped<DueNotifier>();
        services.AddScoped<DigestService>();
        // The app's key ring and name come from its identity setup; this only makes sure a protector exists.
        services.AddDataProtection();
        services.AddSingleton<DigestTokens>();
        services.AddHostedService<NotificationWorker>();
        return services;
    }
}
