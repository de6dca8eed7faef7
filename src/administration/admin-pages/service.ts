import type { Db } from '../../db/database.ts';
import { findTeamWithService } from '../../db/teams.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { formComplete, readForm } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/access/policy.ts';
import type { Outcome } from '../people/service.ts';
import {
  directorates,
  findDirectorate,
  findService,
  insertDirectorate,
  insertService,
  insertTeam,
  serviceNameTaken,
  teamNameTaken,
  updateTeam as updateTeamRow,
} from './queries.ts';
import { DEFAULT_DIRECTORATE, serviceSchema, teamSchema } from './rules.ts';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function checkTeam(db: Db, input: Record<string, unknown>, teamId: string | null) {
  const form = readForm(teamSchema, input);
  if (!formComplete(form)) return { ok: false as const, errors: form.errors };
  const team = form.values;
  const errors: FieldErrors = {};
  if (await teamNameTaken(db, team.name, teamId)) errors.name = 'There is already a team with this name';
  const service = isUuid(team.serviceId) ? await findService(db, team.serviceId) : undefined;
  if (!service) errors.serviceId = 'Select a service from the list';
  if (Object.keys(errors).length || !service) return { ok: false as const, errors };
  return { ok: true as const, team, service };
}

/** Creates a team in a service; audited as team.create. */
export async function createTeam(db: Db, input: Record<string, unknown>, context: AuditContext): Promise<Outcome<{ id: string }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const checked = await checkTeam(trx, input, null);
      if (!checked.ok) return checked;
      const { team, service } = checked;
      const id = await insertTeam(trx, { name: team.name, service_id: service.id, base_postcode: team.basePostcode, created_at: context.at });
      await recordAudit(trx, context, {
        action: 'team.create',
        outcome: 'allowed',
        subjectType: 'team',
        subjectId: id,
        reason: `created team ${team.name} in ${service.name}, based at ${team.basePostcode}`,
      });
      return { ok: true as const, value: { id } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: 'There is already a team with this name' } };
    throw error;
  }
}

/** Renames, moves or rebases a team; audited as team.update with what changed. */
export async function updateTeam(db: Db, id: string, input: Record<string, unknown>, context: AuditContext): Promise<Outcome<{ changes: string }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await findTeamWithService(trx, id);
      if (!before) throw new NotFound();
      const checked = await checkTeam(trx, input, id);
      if (!checked.ok) return checked;
      const { team, service } = checked;
      // A ticked box sends 'yes'; an unticked one sends nothing.
      const frontDoor = input.frontDoor === 'yes';
      const changes = [
        before.name !== team.name && `name: ${before.name} → ${team.name}`,
        before.service_id !== service.id && `service: ${before.service_name} → ${service.name}`,
        before.base_postcode !== team.basePostcode && `base postcode: ${before.base_postcode ?? 'none'} → ${team.basePostcode}`,
        before.front_door !== frontDoor && (frontDoor ? 'now works the front door' : 'no longer works the front door'),
      ]
        .filter(Boolean)
        .join('; ');
      if (!changes) return { ok: true as const, value: { changes } };
      await updateTeamRow(trx, id, { name: team.name, service_id: service.id, base_postcode: team.basePostcode, front_door: frontDoor });
      await recordAudit(trx, context, { action: 'team.update', outcome: 'allowed', subjectType: 'team', subjectId: id, reason: changes });
      return { ok: true as const, value: { changes } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: 'There is already a team with this name' } };
    throw error;
  }
}

/**
 * Creates a service in a directorate. With no directorate yet, the default
 * one is created in the same transaction (and audited as directorate.create).
 */
export async function createService(db: Db, input: Record<string, unknown>, context: AuditContext): Promise<Outcome<{ id: string }>> {
  const form = readForm(serviceSchema, input);
  if (!formComplete(form)) return { ok: false, errors: form.errors };
  const { name, directorateId } = form.values;
  try {
    return await db.transaction().execute(async (trx): Promise<Outcome<{ id: string }>> => {
      let directorate = isUuid(directorateId) ? await findDirectorate(trx, directorateId) : undefined;
      if (!directorate) {
        if ((await directorates(trx)).length > 0) return { ok: false as const, errors: { directorateId: 'Select a directorate' } };
        const id = await insertDirectorate(trx, DEFAULT_DIRECTORATE);
        directorate = { id, name: DEFAULT_DIRECTORATE };
        await recordAudit(trx, context, {
          action: 'directorate.create',
          outcome: 'allowed',
          subjectType: 'directorate',
          subjectId: id,
          reason: `created the default directorate ${DEFAULT_DIRECTORATE}`,
        });
      }
      if (await serviceNameTaken(trx, directorate.id, name)) {
        return { ok: false as const, errors: { name: `There is already a service with this name in ${directorate.name}` } };
      }
      const id = await insertService(trx, { name, directorate_id: directorate.id });
      await recordAudit(trx, context, {
        action: 'service.create',
        outcome: 'allowed',
        subjectType: 'service',
        subjectId: id,
        reason: `created service ${name} in ${directorate.name}`,
      });
      return { ok: true as const, value: { id } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { name: 'There is already a service with this name' } };
    throw error;
  }
}
