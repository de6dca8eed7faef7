// Grouping the returns' rows: by child as the queries read them, and counted by team or worker for the returns page.

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

/** How many items share each key, the most first (ties by name). */
export function countBy<T>(items: readonly T[], key: (t: T) => string): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
