import stringWidth from 'string-width'

/*
 * Plain-text tables for a terminal. Chinese characters take two columns on
 * a terminal, so widths are measured in columns (string-width: East Asian
 * widths, combining marks, emoji), not in characters.
 */

/** How many terminal columns a text takes. */
export const displayWidth = (s: string): number => stringWidth(s)

export type Align = 'left' | 'right'

export interface Column {
  readonly title: string
  readonly align?: Align
}

const pad = (s: string, width: number, align: Align): string => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)))
  return align === 'right' ? fill + s : s + fill
}

/** Rows under a header, columns padded to their widest cell; trailing blanks trimmed. */
export const table = (columns: ReadonlyArray<Column>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.title), ...rows.map((r) => displayWidth(r[i] ?? ''))))
  const line = (cells: ReadonlyArray<string>): string =>
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i] ?? 0, c.align ?? 'left'))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '─'.repeat(w)).join('  ')
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n')
}
