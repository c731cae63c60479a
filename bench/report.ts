export interface Row { metric: string, value: string, target?: string, pass?: boolean }

/** The rows as an aligned table, each target marked PASS or FAIL. */
export function printTable (title: string, rows: Row[], notes: string[]): void {
  const width = (cells: string[]): number => Math.max(...cells.map(cell => cell.length))
  const widths = [width(rows.map(row => row.metric)), width(rows.map(row => row.value)), width(rows.map(row => row.target ?? ''))]
  const lines = rows.map(row => {
    const verdict = row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL'
    return `  ${row.metric.padEnd(widths[0])}  ${row.value.padStart(widths[1])}  ${(row.target ?? '').padEnd(widths[2])}  ${verdict}`.trimEnd()
  })
  process.stdout.write(['', title, '', ...lines, '', ...notes.flatMap(note => [note, ''])].join('\n') + '\n')
}

export const ms = (value: number): string => `${Math.round(value)} ms`
