using System.Globalization;

namespace Workspace.Web.Features.Exports;

/// <summary>
/// The one place exported cells are made safe and formatted, for CSV and Excel alike. Text that a
/// spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
/// prefixed with an apostrophe, so a goal titled "=HYPERLINK(…)" stays text. Numbers and dates are
/// written as values, never as text, so they are not touched.
/// </summary>
public static class SpreadsheetSafe
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Text(string? value) =>
        string.IsNullOrEmpty(value) || Array.IndexOf(FormulaStarts, value[0]) < 0 ? value ?? "" : "'" + value;

    /// <summary>A cell as CSV text: neutralised text, invariant numbers, ISO dates and UTC times.</summary>
    public static string Csv(object? value) => value switch
    {
        null => "",
        string text => Text(text),
        double number => number.ToString("0.############", CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        decimal number => number.ToString("0.############", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool flag => flag ? "Yes" : "No",
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}

/// <summary>One kind of exported data: a sheet in the workbook, a CSV file on its own.</summary>
public sealed record ExportTable(string Kind, string Title, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);
