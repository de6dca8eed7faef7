// Rows read in one query for many children, grouped by child.

/** Each child's rows, mapped, in the order read. */
export function groupByChild<R extends { child_id: string }, T>(rows: readonly R[], map: (row: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.child_id);
    if (list) list.push(map(row));
    else out.set(row.child_id, [map(row)]);
  }
  return out;
}
