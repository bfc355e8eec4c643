/**
 * Aligned text columns, for the route tables and the decision's destinations: the widths of a table's columns.
 */

/**
 * The width of each column: the length of its longest cell (rows may have different lengths). A loop, not
 * `Math.max(...cells)`, which passes every cell as an argument and overflows the call stack on a large table (from
 * about 100,000 rows).
 */
export function columnWidths(rows: ReadonlyArray<readonly string[]>): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (widths[i] === undefined || row[i].length > widths[i]) {
        widths[i] = row[i].length;
      }
    }
  }
  return widths;
}
