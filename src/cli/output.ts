/** Command output: results on stdout (scripts read them), everything else on stderr through the logger. */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table for `list` commands. */
export function printTable(rows: Record<string, string>[]): void {
  if (rows.length === 0) {
    printLine('(none)');
    return;
  }
  const headers = Object.keys(rows[0]!);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((row) => (row[h] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  printLine(line(headers));
  for (const row of rows) printLine(line(headers.map((h) => row[h] ?? '')));
}
