using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Workspace.Web.Data;

namespace Workspace.Tests.Support;

/// <summary>
/// Sees every LINQ query EF compiles for the test databases and checks that the SQL Server provider
/// translates it into T-SQL that Microsoft's parser accepts (<see cref="SqlServerTranslator"/>). Each
/// query shape is checked once per test run; a shape that fails fails every query of that shape, so the
/// test that ran it names the service method.
/// </summary>
public sealed class SqlServerQueryCheck : IQueryExpressionInterceptor
{
    private static readonly ConcurrentDictionary<string, Lazy<SqlServerTranslation>> Shapes = new(StringComparer.Ordinal);

    /// <summary>With this variable set to a file path, every checked query and its T-SQL are written there when the run ends.</summary>
    public const string ListVariable = "WORKSPACE_TEST_QUERY_SHAPES";

    public static SqlServerQueryCheck Instance { get; } = Create();

    private static SqlServerQueryCheck Create()
    {
        if (Environment.GetEnvironmentVariable(ListVariable) is { Length: > 0 } path)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(path, Checked.Select(c => $"{c.Shape}\n--> {(c.IsRawSql ? "raw SQL, parsed by its own tests" : string.Join("\n", c.Sql))}\n"));
        }

        return new SqlServerQueryCheck();
    }

    /// <summary>The distinct query shapes checked so far in this test run.</summary>
    public static int CheckedShapes => Shapes.Count;

    /// <summary>The translations checked so far, e.g. to list them after a run.</summary>
    public static IEnumerable<SqlServerTranslation> Checked =>
        Shapes.Values.Where(shape => shape.IsValueCreated).Select(shape => shape.Value);

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(queryExpression);
        ArgumentNullException.ThrowIfNull(eventData);

        // On SQL Server itself the server is the check.
        if (eventData.Context is SqlServerWorkspaceDbContext)
        {
            return queryExpression;
        }

        var shape = queryExpression.Print();
        var translation = Shapes.GetOrAdd(shape, key => new Lazy<SqlServerTranslation>(() => SqlServerTranslator.Translate(queryExpression, key))).Value;
        if (translation.Failure is not null)
        {
            throw new InvalidOperationException(translation.Describe());
        }

        return queryExpression;
    }
}
