import type { DocumentKind } from '../../db/schema.ts';
import type { Role } from '../../platform/access/roles.ts';
import { addDays, addMonths, formatDate } from '../../platform/calendar/dates.ts';

/** Who records direct work on a child's record: the child's practitioners and their managers. */
export const RECORDERS: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'personal_adviser'];

export { USE_READERS } from '../toolkits/rules.ts';

/** What a file sent with a session is, as a document on the child's record: the child's own work (a drawing) or a photograph of it. */
export const ATTACHMENT_KINDS = ['childs_work', 'photograph'] as const satisfies readonly DocumentKind[];
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** How many drawings or photos one form takes. */
export const MAX_ATTACHMENTS = 5;

/** The title a drawing or photo from a session has on the Documents tab: what it is, the tool and the date, within the 200 characters a title holds. */
export function attachmentTitle(kind: AttachmentKind, forename: string, toolName: string, sessionDate: string): string {
  const what = kind === 'photograph' ? 'Photo from direct work' : `${forename}’s work from direct work`;
  return Array.from(`${what} (${toolName}), ${formatDate(sessionDate)}`).slice(0, 200).join('');
}

/** The first day of the twelve months that end today: the day after the same day a year before (28 February standing in for 29). */
export function yearBefore(today: string): string {
  return addDays(addMonths(today, -12), 1);
}

export interface UseRow {
  tool_id: string;
  tool_name: string;
  group_id: string | null;
  group_name: string | null;
  sessions: number;
}

/** Counts laid out as a table: one row per group (team or worker), one column per tool, with totals. */
export function useTable(rows: readonly UseRow[], tools: readonly { id: string; name: string }[]) {
  const groups = new Map<string, { name: string; counts: Map<string, number> }>();
  for (const r of rows) {
    const key = r.group_id ?? 'none';
    let g = groups.get(key);
    if (!g) {
      g = { name: r.group_name ?? 'No team', counts: new Map() };
      groups.set(key, g);
    }
    g.counts.set(r.tool_id, (g.counts.get(r.tool_id) ?? 0) + r.sessions);
  }
  const used = tools.filter((t) => rows.some((r) => r.tool_id === t.id));
  const body = [...groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((g) => ({ name: g.name, counts: used.map((t) => g.counts.get(t.id) ?? 0), total: [...g.counts.values()].reduce((a, b) => a + b, 0) }));
  const totals = used.map((_t, i) => body.reduce((sum, g) => sum + g.counts[i]!, 0));
  return { tools: used.map((t) => t.name), rows: body, totals, total: totals.reduce((a, b) => a + b, 0) };
}
