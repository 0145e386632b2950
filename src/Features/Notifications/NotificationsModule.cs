using KooMessage.Console.Common.Modules;
using KooMessage.Console.Data;
using Microsoft.EntityFrameworkCore;

namespace KooMessage.Console.Features.Notifications;

public sealed class NotificationsModule : IConsoleModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<NotificationService>();
}

public static class NotificationSets
{
    extension(KooMessageDb db)
    {
        public DbSet<Notification> Notifications => db.Set<Notification>();
    }
}
