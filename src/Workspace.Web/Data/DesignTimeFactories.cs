using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workspace.Web.Data;

// `dotnet ef` uses these to build each provider's context without a running app or database.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkspaceDbContext>
{
    public SqliteWorkspaceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteWorkspaceDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerWorkspaceDbContext>
{
    public SqlServerWorkspaceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>()
            .UseSqlServer("Server=(local);Database=Workspace;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}
