/** Left-aligned columns separated by two spaces, for terminal output. */
export function renderTable (headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map(row => row[column].length)))
  return [headers, ...rows].map(cells => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n')
}
