/** One CSV cell: quoted when it holds a separator, a quote or a line break; formulas defused for spreadsheets. */
const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV of rows (objects), the columns those of the first row unless given. */
export const toCsv = (rows: readonly Record<string, unknown>[], columns?: readonly string[]): string => {
  const header =
    columns ??
    (rows[0]
      ? Object.keys(rows[0]).filter((key) => typeof rows[0][key] !== 'object' || rows[0][key] === null || Array.isArray(rows[0][key]))
      : []);
  return [header.map(cell).join(','), ...rows.map((row) => header.map((column) => cell(row[column])).join(','))].join('\r\n') + '\r\n';
};
