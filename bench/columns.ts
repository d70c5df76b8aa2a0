// Terminal tables for the benchmarks: columns aligned by display width, since CJK characters
// take two columns.

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(char) ? 2 : 1;
  return width;
}

/** The rows as lines, each cell padded to its column's widest cell, two spaces between columns. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => displayWidth(row[column] ?? ''))));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat(Math.max(0, widths[column]! - displayWidth(cell)))).join('  ').trimEnd());
}
