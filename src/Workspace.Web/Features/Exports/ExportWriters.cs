using ClosedXML.Excel;
using CsvHelper;

namespace Workspace.Web.Features.Exports;

/// <summary>Writes export tables as CSV (CsvHelper) and as one Excel workbook (ClosedXML), cells through <see cref="SpreadsheetSafe"/>.</summary>
public static class ExportWriters
{
    public static byte[] Csv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var stream = new MemoryStream();
        // A byte-order mark so that Excel opens the UTF-8 file with its accents intact; formula
        // neutralising is SpreadsheetSafe's job (the same rule as the workbook's), not CsvHelper's.
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.None }, leaveOpen: true))
        {
            csv.WriteRecord([.. table.Headers]);
            foreach (var row in table.Rows)
            {
                csv.WriteRecord([.. row.Select(SpreadsheetSafe.Csv)]);
            }
        }

        return stream.ToArray();
    }

    public static byte[] Workbook(IEnumerable<ExportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var workbook = new XLWorkbook();
        foreach (var table in tables)
        {
            var sheet = workbook.Worksheets.Add(table.Title);
            for (var c = 0; c < table.Headers.Count; c++)
            {
                var header = sheet.Cell(1, c + 1);
                header.SetValue(table.Headers[c]);
                header.Style.Font.Bold = true;
                sheet.Column(c + 1).Width = Math.Clamp(table.Headers[c].Length + 4, 12, 60);
            }

            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                for (var c = 0; c < row.Length; c++)
                {
                    SetCell(sheet.Cell(r + 2, c + 1), row[c]);
                }
            }

            sheet.SheetView.FreezeRows(1);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void SetCell(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case double number:
                cell.SetValue(number);
                break;
            case int number:
                cell.SetValue(number);
                break;
            case decimal number:
                cell.SetValue(number);
                break;
            case DateOnly date:
                cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
                cell.Style.DateFormat.Format = "yyyy-mm-dd";
                break;
            case DateTime time:
                cell.SetValue(time);
                cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm";
                break;
            default:
                // Text is stored as text: never parsed as a number, date or formula.
                cell.SetValue(SpreadsheetSafe.Csv(value));
                cell.DataType = XLDataType.Text;
                break;
        }
    }
}
