// The council's library of direct-work tools. Everyone who reads case records
// reads it; heads of service and practice supervisors (the practice leads)
// add, change, retire and bring back tools. Every change and every refused
// form is audited; changes in their transaction. A tool is never deleted.
import type { Db } from '../../db/database.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { formComplete, orderErrors, type Body } from '../../platform/http/forms.ts';
import { listTrainingCourses } from '../../workforce/index.ts';
import { readTool, TOOL_FIELDS, type ToolInput } from './forms.ts';
import { findTool, insertTool, listTools, setRetired, toolNameTaken, updateTool, type ToolFields, type ToolRow } from './queries.ts';
import { agesText, LIBRARY_EDITORS, TOOL_KINDS, USE_READERS } from './rules.ts';

export interface LibraryContext {
  db: Db;
  viewer: Viewer;
  audit: AuditContext;
  today: string;
}

type Outcome = { ok: true; id: string } | { ok: false; errors: FieldErrors };

export function mayEditLibrary(viewer: Viewer): boolean {
  return LIBRARY_EDITORS.includes(viewer.role);
}

function assertMayEdit(viewer: Viewer): void {
  if (!mayEditLibrary(viewer)) throw new Forbidden('The direct-work library is kept by heads of service and practice supervisors.');
}

function presentTool(tool: ToolRow, courses: Map<string, { name: string; active: boolean }>) {
  const course = tool.course_id ? courses.get(tool.course_id) : undefined;
  return {
    ...tool,
    href: `/direct-work/toolkits/${tool.id}`,
    kindText: TOOL_KINDS[tool.kind],
    agesText: agesText(tool.age_from, tool.age_to),
    trainingText: course ? `${course.name}${course.active ? '' : ' (retired from the catalogue)'}` : 'None needed',
    retiredText: tool.retired_on ? `Retired on ${formatDate(tool.retired_on)}` : null,
  };
}

async function courseNames(db: Db) {
  return new Map((await listTrainingCourses(db)).map((c) => [c.id, { name: c.name, active: c.active }]));
}

/** The library: the tools in use by kind, optionally one kind, then the retired ones. */
export async function libraryPage(c: LibraryContext, kind: string | undefined) {
  const [tools, courses] = await Promise.all([listTools(c.db), courseNames(c.db)]);
  const shown = tools.map((t) => presentTool(t, courses));
  const chosen = kind && Object.hasOwn(TOOL_KINDS, kind) ? kind : null;
  const groups = Object.entries(TOOL_KINDS)
    .filter(([value]) => !chosen || value === chosen)
    .map(([value, text]) => ({ value, text, tools: shown.filter((t) => t.kind === value && !t.retired_on) }));
  return {
    groups,
    retired: shown.filter((t) => t.retired_on),
    kindItems: [{ value: '', text: 'All kinds' }, ...Object.entries(TOOL_KINDS).map(([value, text]) => ({ value, text, selected: value === chosen }))],
    mayEdit: mayEditLibrary(c.viewer),
    seesUse: USE_READERS.includes(c.viewer.role),
  };
}

export async function toolPage(c: LibraryContext, toolId: string) {
  const tool = isUuid(toolId) ? await findTool(c.db, toolId) : undefined;
  if (!tool) throw new NotFound();
  return { tool: presentTool(tool, await courseNames(c.db)), mayEdit: mayEditLibrary(c.viewer) };
}

/** The courses a tool may name: those in the catalogue, and the one it names already even if retired. */
export async function courseChoices(c: LibraryContext, current: string | null) {
  const courses = await listTrainingCourses(c.db);
  return courses.filter((course) => course.active || course.id === current).map((course) => ({ value: course.id, text: course.name }));
}

export async function toolForChange(c: LibraryContext, toolId: string) {
  assertMayEdit(c.viewer);
  const tool = isUuid(toolId) ? await findTool(c.db, toolId) : undefined;
  if (!tool) throw new NotFound();
  return tool;
}

export function assertMayEditLibrary(viewer: Viewer): void {
  assertMayEdit(viewer);
}

const row = (t: ToolInput): ToolFields => ({ name: t.name, kind: t.kind, purpose: t.purpose, age_from: t.ageFrom, age_to: t.ageTo, suits_needs: t.suitsNeeds, guidance: t.guidance, course_id: t.courseId });

async function refused(db: Db, c: LibraryContext, action: string, subjectId: string | null, errors: FieldErrors): Promise<Outcome> {
  await recordAudit(db, c.audit, { action, outcome: 'failed', subjectType: 'direct_work_tool', subjectId: subjectId ?? undefined, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
  return { ok: false, errors: orderErrors(errors, TOOL_FIELDS) };
}

/** Checks across the library: a unique name, and a course that is in the catalogue (or the one already named). */
async function libraryErrors(trx: Db, input: Partial<ToolInput>, errors: FieldErrors, toolId: string | null, currentCourse: string | null): Promise<FieldErrors> {
  const out = { ...errors };
  if (input.name && (await toolNameTaken(trx, input.name, toolId))) out.name = 'There is already a tool with this name';
  if (input.courseId && !out.courseId) {
    const course = (await listTrainingCourses(trx)).find((co) => co.id === input.courseId);
    if (!course || (!course.active && course.id !== currentCourse)) out.courseId = 'Training it needs must be one of the options listed';
  }
  return out;
}

export async function addTool(c: LibraryContext, body: Body): Promise<Outcome> {
  assertMayEdit(c.viewer);
  return c.db.transaction().execute(async (trx) => {
    const read = readTool(body);
    const errors = await libraryErrors(trx, read.values, read.errors, null, null);
    if (Object.keys(errors).length > 0 || !formComplete(read)) return refused(trx, c, 'direct-work.tool.create', null, errors);
    const id = await insertTool(trx, row(read.values));
    await recordAudit(trx, c.audit, { action: 'direct-work.tool.create', outcome: 'allowed', subjectType: 'direct_work_tool', subjectId: id, reason: `added “${read.values.name}” (${TOOL_KINDS[read.values.kind]})` });
    return { ok: true as const, id };
  });
}

export async function changeTool(c: LibraryContext, toolId: string, body: Body): Promise<Outcome> {
  assertMayEdit(c.viewer);
  return c.db.transaction().execute(async (trx) => {
    const before = isUuid(toolId) ? await findTool(trx, toolId, { lock: true }) : undefined;
    if (!before) throw new NotFound();
    const read = readTool(body);
    const errors = await libraryErrors(trx, read.values, read.errors, before.id, before.course_id);
    if (Object.keys(errors).length > 0 || !formComplete(read)) return refused(trx, c, 'direct-work.tool.update', before.id, errors);
    const after = row(read.values);
    await updateTool(trx, before.id, after);
    const changed = (Object.keys(after) as (keyof ToolFields)[]).filter((k) => before[k] !== after[k]);
    await recordAudit(trx, c.audit, { action: 'direct-work.tool.update', outcome: 'allowed', subjectType: 'direct_work_tool', subjectId: before.id, reason: changed.length ? `changed ${changed.join(', ')}` : 'no change' });
    return { ok: true as const, id: before.id };
  });
}

/** Retires a tool (it leaves the choices for new sessions; its sessions keep it) or brings it back. */
export async function retireTool(c: LibraryContext, toolId: string, retire: boolean): Promise<void> {
  assertMayEdit(c.viewer);
  await c.db.transaction().execute(async (trx) => {
    const tool = isUuid(toolId) ? await findTool(trx, toolId, { lock: true }) : undefined;
    if (!tool) throw new NotFound();
    if (retire === (tool.retired_on !== null)) return;
    await setRetired(trx, tool.id, retire ? c.today : null);
    await recordAudit(trx, c.audit, { action: retire ? 'direct-work.tool.retire' : 'direct-work.tool.reinstate', outcome: 'allowed', subjectType: 'direct_work_tool', subjectId: tool.id, reason: `${retire ? 'retired' : 'brought back'} “${tool.name}”` });
  });
}
