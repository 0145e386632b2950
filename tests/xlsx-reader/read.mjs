// Prints, as JSON, what the export tests compare: for every sheet its name, frozen rows, autofilter, column widths,
// row count, and the value and type of each cell in the first N rows and in the last row.
// Usage: node read.mjs <file.xlsx> [N=20]
import ExcelJS from 'exceljs';

const [file, n = '20'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node read.mjs <file.xlsx> [rows]');
  process.exit(2);
}

const typeNames = Object.fromEntries(Object.entries(ExcelJS.ValueType).map(([name, value]) => [value, name]));

function cellOf(cell) {
  const value = cell.value;
  return {
    type: typeNames[cell.type],
    value: value instanceof Date ? value.toISOString().replace('Z', '') : value,
    numFmt: cell.numFmt ?? null,
  };
}

function rowOf(sheet, number) {
  const row = sheet.getRow(number);
  const cells = [];
  for (let c = 1; c <= sheet.columnCount; c++) {
    cells.push(cellOf(row.getCell(c)));
  }
  return { number, bold: row.getCell(1).font?.bold === true, cells };
}

const workbook = new ExcelJS.Workbook();
await workbook.xlsx.readFile(file);
const sheets = workbook.worksheets.map((sheet) => {
  const view = sheet.views?.[0] ?? {};
  const rows = [];
  for (let r = 1; r <= Math.min(Number(n), sheet.rowCount); r++) {
    rows.push(rowOf(sheet, r));
  }
  const widths = [];
  for (let c = 1; c <= sheet.columnCount; c++) {
    widths.push(sheet.getColumn(c).width ?? null);
  }
  return {
    name: sheet.name,
    frozenRows: view.state === 'frozen' ? view.ySplit ?? 0 : 0,
    autoFilter: sheet.autoFilter ?? null,
    widths,
    rowCount: sheet.rowCount,
    rows,
    lastRow: rowOf(sheet, sheet.rowCount),
  };
});
console.log(JSON.stringify({ sheets }));
