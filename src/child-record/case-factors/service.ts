import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { Forbidden, type FieldErrors } from '../../platform/http/errors.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import type { ComplexityTier } from '../../workload/index.ts';
import { loadCaseloadContext, reassessChildWorkers } from '../../workload/index.ts';
import { findCaseFactors, findChildHolders, findChildTeams, saveCaseFactors as saveRow } from './queries.ts';
import { describeCaseFactors, mayChangeCaseFactors, readCaseFactorsForm, TIER_DESCRIPTIONS, type CaseFactors } from './rules.ts';

export interface CaseFactorsContext {
  viewer: Viewer;
  audit: AuditContext;
  today: string;
  now: Date;
}

const ROLE_WORDS = { lead: 'lead social worker', co_worker: 'co-worker', personal_adviser: 'personal adviser' } as const;

async function pageData(trx: Db, ctx: CaseFactorsContext, childId: string) {
  const [child, row, teams, holders, caseload] = await Promise.all([
    childHeaderView(trx, childId, ctx.today),
    findCaseFactors(trx, childId),
    findChildTeams(trx, childId),
    findChildHolders(trx, childId),
    loadCaseloadContext(trx, ctx.today),
  ]);
  const factors: CaseFactors = {
    complexityTier: (row?.complexity_tier ?? 1) as ComplexityTier,
    courtProceedingsSince: row?.court_proceedings_since ?? null,
  };
  const weighting = caseload.weighting;
  return {
    child,
    factors,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by_name ?? null,
    mayChange: mayChangeCaseFactors(ctx.viewer, teams),
    tiers: ([1, 2, 3] as const).map((tier) => ({ tier, ...TIER_DESCRIPTIONS[tier], multiplier: weighting.complexity[tier] })),
    courtPoints: weighting.courtPoints,
    holders: holders.map((h) => ({ name: h.name, role: ROLE_WORDS[h.role as keyof typeof ROLE_WORDS] ?? h.role })),
  };
}

export type CaseFactorsPage = Awaited<ReturnType<typeof pageData>>;

/** The child's case factors, for anyone who may open the record; the look is audited. */
export async function caseFactorsPage(db: Db, ctx: CaseFactorsContext, childId: string): Promise<CaseFactorsPage> {
  return withChildRecord(db, ctx.viewer, ctx.audit, childId, 'child.view.case-factors', (trx) => pageData(trx, ctx, childId));
}

/**
 * Saves the complexity tier and care proceedings, audited, and reassesses
 * every worker holding the child in the same transaction (their points, and so
 * their variances, may change). Only the child's team managers, practice
 * supervisors and service manager may: others who can open the record get 403.
 */
export async function changeCaseFactors(
  db: Db,
  ctx: CaseFactorsContext,
  childId: string,
  body: Record<string, unknown>,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors; page: CaseFactorsPage }> {
  const result = await withChildRecord(db, ctx.viewer, ctx.audit, childId, 'child.view.case-factors', async (trx) => {
    const page = await pageData(trx, ctx, childId);
    if (!page.mayChange) {
      await recordAudit(trx, ctx.audit, {
        action: 'child.case-factors.update',
        outcome: 'denied',
        subjectType: 'child',
        subjectId: childId,
        reason: 'only the child’s team managers, practice supervisors and service manager change case factors',
      });
      return { kind: 'forbidden' as const };
    }
    const form = readCaseFactorsForm(body, ctx.today);
    if (!form.ok) return { kind: 'invalid' as const, errors: form.errors, page };
    const before = page.factors;
    await saveRow(trx, { childId, ...form.value, updatedBy: ctx.viewer.id, at: ctx.now });
    await recordAudit(trx, ctx.audit, {
      action: 'child.case-factors.update',
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: childId,
      reason: `${describeCaseFactors(before)} → ${describeCaseFactors(form.value)}`,
    });
    await reassessChildWorkers(trx, childId, { today: ctx.today, now: ctx.now, trigger: 'case factors change', actorId: ctx.viewer.id });
    return { kind: 'saved' as const };
  });
  if (result.kind === 'forbidden') throw new Forbidden('Only the child’s team manager, practice supervisor or service manager can change case factors.');
  if (result.kind === 'invalid') return { ok: false, errors: result.errors, page: result.page };
  return { ok: true };
}
