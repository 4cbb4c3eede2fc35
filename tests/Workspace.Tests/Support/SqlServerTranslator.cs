using System.Collections;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Workspace.Web.Data;

namespace Workspace.Tests.Support;

/// <summary>The outcome of running one query shape through the SQL Server provider and the T-SQL parser.</summary>
public sealed record SqlServerTranslation(string Shape, IReadOnlyList<string> Sql, string? Failure)
{
    /// <summary>Raw SQL (FromSql, SqlQuery) is written per provider by the app; its SQL Server text is parsed by its own tests.</summary>
    public bool IsRawSql { get; init; }

    public string Describe() =>
        $"SQL Server cannot run this query: {Failure}{Environment.NewLine}Query:{Environment.NewLine}{Shape}{Environment.NewLine}T-SQL:{Environment.NewLine}{string.Join(Environment.NewLine, Sql)}";
}

/// <summary>
/// Translates a query that was written for the SQLite model with the SQL Server provider: its query roots
/// are moved to the <see cref="SqlServerWorkspaceDbContext"/> model, it is compiled and executed with
/// placeholder parameter values against a connection that is never opened, and each command's text is
/// parsed with <see cref="TSql160Parser"/> (SQL Server 2022, the production target).
/// </summary>
public static class SqlServerTranslator
{
    private static readonly DbContextOptions<SqlServerWorkspaceDbContext> Options = new DbContextOptionsBuilder<SqlServerWorkspaceDbContext>()
        .UseSqlServer("Server=unused;Database=Workspace;TrustServerCertificate=True")
        .AddInterceptors(OfflineConnection.Instance)
        .Options;

    private static readonly MethodInfo CompileQueryMethod = typeof(IDatabase).GetMethod(nameof(IDatabase.CompileQuery))!;

    public static SqlServerTranslation Translate(Expression query, string shape)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var db = new SqlServerWorkspaceDbContext(Options);
        var rebinding = new Rebinding(db.Model);
        var rebound = rebinding.Visit(query);
        if (rebinding.IsRawSql)
        {
            return new SqlServerTranslation(shape, [], null) { IsRawSql = true };
        }

        Delegate executor;
        try
        {
            var resultType = ResultType(rebound.Type);
            executor = (Delegate)CompileQueryMethod.MakeGenericMethod(resultType).Invoke(db.GetService<IDatabase>(), [rebound, false])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return new SqlServerTranslation(shape, [], $"the provider refused it: {e.InnerException.Message}");
        }

        var commands = new List<string>();
        var queryContext = db.GetService<IQueryContextFactory>().Create();
        foreach (var (name, type) in rebinding.Parameters)
        {
            queryContext.Parameters[name] = PlaceholderValues.For(type);
        }

        OfflineConnection.Captured.Value = commands;
        Exception? executionError = null;
        try
        {
            var result = executor.DynamicInvoke(queryContext);
            if (result is IEnumerable rows)
            {
                foreach (var _ in rows)
                {
                }
            }
        }
        catch (Exception e)
        {
            // Every command has been captured by then; an empty result breaks First() and the like.
            executionError = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
        }
        finally
        {
            OfflineConnection.Captured.Value = null;
        }

        if (commands.Count == 0)
        {
            return new SqlServerTranslation(shape, [], $"no command was produced ({executionError?.Message ?? "no error"})");
        }

        var errors = commands.SelectMany(ParseErrors).ToList();
        return new SqlServerTranslation(shape, commands, errors.Count == 0 ? null : $"the T-SQL does not parse: {string.Join("; ", errors)}");
    }

    /// <summary>The parser's errors for one batch, as "line N: message".</summary>
    public static IReadOnlyList<string> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return [.. errors.Select(e => $"line {e.Line}: {e.Message}")];
    }

    private static Type ResultType(Type expressionType)
    {
        var queryable = expressionType.IsGenericType && expressionType.GetGenericTypeDefinition() == typeof(IQueryable<>)
            ? expressionType
            : expressionType.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQueryable<>));
        return queryable is null ? expressionType : typeof(IEnumerable<>).MakeGenericType(queryable.GetGenericArguments()[0]);
    }

    /// <summary>Moves query roots to the SQL Server model and collects the parameters the query needs.</summary>
    private sealed class Rebinding(IModel model) : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> _bound = [];

        public Dictionary<string, Type> Parameters { get; } = new(StringComparer.Ordinal);

        public bool IsRawSql { get; private set; }

        protected override Expression VisitExtension(Expression node)
        {
            switch (node)
            {
                // FromSql and SqlQuery roots; their types are internal to EF Core.
                case QueryRootExpression when node.GetType().Name is "FromSqlQueryRootExpression" or "SqlQueryRootExpression":
                    IsRawSql = true;
                    return node;
                case EntityQueryRootExpression root:
                    var entityType = model.FindEntityType(root.EntityType.Name)
                        ?? throw new InvalidOperationException($"The SQL Server model has no entity type {root.EntityType.Name}.");
                    return new EntityQueryRootExpression(entityType);
                case QueryParameterExpression parameter:
                    Parameters[parameter.Name] = parameter.Type;
                    return node;
                default:
                    return base.VisitExtension(node);
            }
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            _bound.UnionWith(node.Parameters);
            return base.VisitLambda(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            // A compiled query's own arguments are free parameters named as the query context expects them.
            if (!_bound.Contains(node) && node.Name is not null && !typeof(DbContext).IsAssignableFrom(node.Type))
            {
                Parameters[node.Name] = node.Type;
            }

            return base.VisitParameter(node);
        }
    }

    /// <summary>Never opens the connection; records each command's text and answers it with nothing.</summary>
    private sealed class OfflineConnection : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public static OfflineConnection Instance { get; } = new();

        public static AsyncLocal<List<string>?> Captured { get; } = new();

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Capture(command);
            return InterceptionResult<DbDataReader>.SuppressWithResult(new DataTable().CreateDataReader());
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Capture(command);
            return InterceptionResult<object>.SuppressWithResult(0);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Capture(command);
            return InterceptionResult<int>.SuppressWithResult(0);
        }

        private static void Capture(DbCommand command) =>
            (Captured.Value ?? throw new InvalidOperationException("A SQL Server command ran outside a translation check.")).Add(command.CommandText);
    }
}
