// The neglect profile: the council's graded profile, kept in versions by the
// practice leads, and its completions on a child's record through the
// record's plumbing (access, "page not found" for those who may not see the
// child, audit in the transaction), with each domain's chart, the child's
// plan and review dates beside it, and when the next one is due.
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { Forbidden, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, formComplete, orderErrors, type Body } from '../../platform/http/forms.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import type { LibraryContext } from '../toolkits/service.ts';
import { chartSpan, domainChart } from './chart.ts';
import { completionFields, readCompletion, readTemplate, templateFields } from './forms.ts';
import {
  currentVersion,
  insertProfile,
  insertVersion,
  keysEverUsed,
  lastCompletedOn,
  listProfiles,
  listVersions,
  lockVersions,
  openNeglectPlanStart,
  planDates,
  type DomainFields,
  type ProfileRow,
  type VersionWithDomains,
} from './queries.ts';
import { CHANGE_TEXT, domainKey, domainSeries, GRADE_NAMES, GRADES, PROFILE_KEEPERS, PROFILE_RECORDERS, profileDue, timeline, type Grade } from './rules.ts';

const descriptorOf = (d: DomainFields, grade: Grade) => d[`grade_${grade}`];

// --- The council's profile -------------------------------------------------------------------------------

export function mayKeepProfile(viewer: Viewer): boolean {
  return PROFILE_KEEPERS.includes(viewer.role);
}

function assertMayKeep(viewer: Viewer): void {
  if (!mayKeepProfile(viewer)) throw new Forbidden('The neglect profile is kept by heads of service and practice supervisors.');
}

function presentDomains(version: VersionWithDomains) {
  return version.domains.map((d) => ({ ...d, grades: GRADES.map((g) => ({ grade: g, gradeName: GRADE_NAMES[g], descriptor: descriptorOf(d, g) })) }));
}

/** The council's profile as it stands, and its versions. */
export async function templatePage(c: LibraryContext) {
  const [version, versions] = await Promise.all([currentVersion(c.db), listVersions(c.db)]);
  return {
    version: version ? { version: version.version, madeText: formatDate(version.made_at.toISOString().slice(0, 10)), domains: presentDomains(version) } : null,
    versions: versions.map((v) => ({ version: v.version, changeNote: v.change_note, madeText: formatDate(v.made_at.toISOString().slice(0, 10)), madeBy: v.made_by_name ?? 'Set up with the system', domains: Number(v.domains), completions: Number(v.completions) })),
    gradeNames: GRADES.map((g) => ({ grade: g, name: GRADE_NAMES[g] })),
    mayKeep: mayKeepProfile(c.viewer),
  };
}

/** The form's values from the current version: one slot per domain, in order. */
export async function templateFormValues(c: LibraryContext): Promise<Body> {
  assertMayKeep(c.viewer);
  const version = await currentVersion(c.db);
  const values: Body = {};
  version?.domains.forEach((d, i) => {
    const n = i + 1;
    values[`domain${n}Key`] = d.key;
    values[`domain${n}Name`] = d.name;
    for (const g of GRADES) values[`domain${n}Grade${g}`] = descriptorOf(d, g);
  });
  return values;
}

type Outcome = { ok: true; version: number } | { ok: false; errors: FieldErrors };

/**
 * Saves the profile as a new version: a domain sent with the key of one in
 * the current version keeps it (its grades line up on children's charts);
 * any other is a new domain with a new key. Completions keep the version they
 * used.
 */
export async function saveTemplate(c: LibraryContext, body: Body): Promise<Outcome> {
  assertMayKeep(c.viewer);
  return c.db.transaction().execute(async (trx) => {
    await lockVersions(trx);
    const read = readTemplate(body);
    if (!formComplete(read)) {
      await recordAudit(trx, c.audit, { action: 'direct-work.neglect-profile.version', outcome: 'failed', subjectType: 'neglect_profile', reason: `refused, nothing stored: ${Object.keys(read.errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(read.errors, templateFields()) };
    }
    const current = await currentVersion(trx);
    const currentKeys = new Set(current?.domains.map((d) => d.key) ?? []);
    const taken = await keysEverUsed(trx);
    const kept = new Set<string>();
    const domains: DomainFields[] = read.values.domains.map((d) => {
      let key = d.sentKey;
      if (!currentKeys.has(key) || kept.has(key)) {
        key = domainKey(d.name, taken);
        taken.add(key);
      }
      kept.add(key);
      return { key, name: d.name, grade_1: d.grades[0], grade_2: d.grades[1], grade_3: d.grades[2], grade_4: d.grades[3], grade_5: d.grades[4] };
    });
    const version = (current?.version ?? 0) + 1;
    await insertVersion(trx, { version, change_note: read.values.changeNote, made_by: c.viewer.id, made_at: c.audit.at }, domains);
    await recordAudit(trx, c.audit, { action: 'direct-work.neglect-profile.version', outcome: 'allowed', subjectType: 'neglect_profile', subjectId: String(version), reason: `version ${version}: ${domains.length} domains` });
    return { ok: true as const, version };
  });
}

// --- Completions on a child's record -------------------------------------------------------------------

function mayRecord(a: Actor): void {
  if (!PROFILE_RECORDERS.includes(a.viewer.role)) {
    throw new NotPermitted('A neglect profile is completed by the child’s practitioners and their managers.', `role ${a.viewer.role} does not complete neglect profiles`);
  }
}

function presentProfile(p: ProfileRow) {
  return {
    id: p.id,
    dateText: formatDate(p.completed_on),
    versionText: `Version ${p.version} of the council’s profile`,
    withFamilyText: p.with_family ? 'Yes' : 'No',
    tookPart: p.took_part,
    grades: p.grades.map((g) => ({ name: g.domain_name, grade: g.grade, gradeName: GRADE_NAMES[g.grade as Grade], descriptor: g.descriptor, evidence: g.evidence })),
    summary: p.summary,
    nextSteps: p.next_steps,
    recordedBy: p.recorder_name,
  };
}

/** When the child's next profile is due while they have a plan for neglect, or null. */
export async function neglectProfileDue(db: Db, childId: string, today: string, months: number) {
  const [neglectPlanStart, lastCompleted] = await Promise.all([openNeglectPlanStart(db, childId), lastCompletedOn(db, childId)]);
  return profileDue({ neglectPlanStart, lastCompleted, months, today });
}

async function profilesData(trx: Db, a: Actor, months: number) {
  const [child, profiles, plans, due, version] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    listProfiles(trx, a.childId),
    planDates(trx, a.childId),
    neglectProfileDue(trx, a.childId, a.today, months),
    currentVersion(trx),
  ]);
  const series = domainSeries(profiles.map((p) => ({ id: p.id, completedOn: p.completed_on, grades: p.grades.map((g) => ({ domainKey: g.domain_key, domainName: g.domain_name, grade: g.grade })) })));
  const span = chartSpan(series.dates, plans);
  return {
    child,
    due,
    months,
    hasTemplate: version !== undefined,
    mayRecord: PROFILE_RECORDERS.includes(a.viewer.role),
    profiles: profiles.map(presentProfile),
    chart: span
      ? {
          dates: series.dates.map(formatDate),
          domains: series.domains.map((d, i) => ({
            name: d.name,
            grades: d.grades.map((g) => (g === null ? '–' : String(g))),
            changeText: d.change ? CHANGE_TEXT[d.change] : 'First profile',
            svg: domainChart(d, series.dates, span, `neglect-chart-${i + 1}`),
          })),
        }
      : null,
    timeline: timeline(
      profiles.map((p) => ({ completedOn: p.completed_on, text: 'Neglect profile completed' })),
      plans,
    ),
  };
}

/** The child's neglect profiles: when the next is due, each domain's chart, the plan dates and every completion, newest first. */
export async function profilesView(a: Actor, months: number) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.neglect-profile', (trx) => profilesData(trx, a, months));
}

async function formData(trx: Db, a: Actor) {
  const [child, version] = await Promise.all([childHeaderView(trx, a.childId, a.today), currentVersion(trx)]);
  return {
    child,
    version: version ? { version: version.version, domains: presentDomains(version) } : null,
  };
}

export type ProfileFormView = Awaited<ReturnType<typeof formData>>;

export async function profileFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.neglect-profile-form', async (trx) => {
    const data = await formData(trx, a);
    mayRecord(a);
    return data;
  });
}

/**
 * Records a completion against the council's current version: the date (not
 * in the future, not before the child was born), whether it was completed
 * with the family and who took part, a grade for every domain with optional
 * evidence, the summary and what happens next. The domains' names and the
 * descriptors of the grades given are stored with it, whole. Refused input
 * stores nothing.
 */
export async function recordProfile(a: Actor, body: Body) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.neglect-profile.record', async (trx, _access, name) => {
    mayRecord(a);
    const child = await lockChild(trx, a.childId);
    const data = await formData(trx, a);
    const version = await currentVersion(trx);
    if (!version) return refuse({ version: 'The council has not set up its neglect profile yet' }, data);
    const read = readCompletion(body, version.domains);
    const errors = { ...read.errors };
    if (String(body.version ?? '') !== String(version.version)) {
      errors.version = `The council’s neglect profile changed to version ${version.version} while this form was open: check each grade against the descriptors now shown`;
    }
    const v = read.values;
    if (v.completedOn && !errors[dateKey('completedOn')]) {
      const problem = eventDateProblem(v.completedOn, 'The date completed', childDates(child), a.today);
      if (problem) errors[dateKey('completedOn')] = problem;
    }
    if (Object.keys(errors).length > 0 || !formComplete(read) || !v.grades) return refuse(orderErrors(errors, ['version', ...completionFields(version.domains)]), data);
    const id = await insertProfile(
      trx,
      {
        child_id: a.childId,
        version: version.version,
        completed_on: read.values.completedOn,
        with_family: read.values.withFamily,
        took_part: read.values.tookPart,
        summary: read.values.summary,
        next_steps: read.values.nextSteps,
        recorded_by: a.viewer.id,
        recorded_at: a.context.at,
      },
      version.domains.map((d, i) => {
        const g = v.grades![i]!;
        return { domain_key: d.key, domain_name: d.name, grade: g.grade, descriptor: descriptorOf(d, g.grade as Grade), evidence: g.evidence };
      }),
    );
    name('neglect profile', id);
    return { id };
  });
}

// --- For the chronology -----------------------------------------------------------------------------------

/** Each completion as a chronology entry: who took part and the grades; the evidence stays on the profile's page. */
export async function neglectProfileChronology(db: Db, childId: string) {
  const profiles = await listProfiles(db, childId);
  return profiles.map((p) => ({
    date: p.completed_on,
    what: 'Neglect profile completed',
    detail: `${p.with_family ? 'With the family' : 'Not with the family'} (${p.took_part}). Grades: ${p.grades.map((g) => `${g.domain_name} ${g.grade}`).join(', ')}; recorded by ${p.recorder_name}`,
  }));
}
