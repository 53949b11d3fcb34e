/**
 * HQ's case-export labels that name the same thing as a column of our case rows (design.md §5) under another
 * name. Renaming them lets a feed source and the webhook / Case API paths share one table. Today only the case
 * name differs (`name` in the feed, `case_name` in the API); every other system label already agrees.
 */
const CASE_EXPORT_ALIASES: Readonly<Record<string, string>> = { name: 'case_name' };

/** Applies the aliases to a case export's headers (one with `caseid`), unless the target name is already used. */
export function alignCaseExportHeaders(headers: readonly string[]): string[] {
  if (!headers.includes('caseid')) return [...headers];
  return headers.map((header) => {
    const alias = CASE_EXPORT_ALIASES[header];
    return alias && !headers.includes(alias) ? alias : header;
  });
}
