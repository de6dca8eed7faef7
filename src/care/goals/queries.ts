import type { Db } from '../../db/database.ts';
import type { Insertable } from 'kysely';
import type { PathwayGoalsTable } from '../../db/schema.ts';

/** The young person's goals: open ones first, then by the day they were set, newest first. */
export function listGoals(db: Db, childId: string) {
  return db
    .selectFrom('pathway_goals')
    .select(['id', 'area', 'goal', 'support', 'set_on', 'target_date', 'outcome', 'closed_on'])
    .where('child_id', '=', childId)
    .orderBy((eb) => eb('outcome', 'is', null), 'desc')
    .orderBy('set_on', 'desc')
    .orderBy('id')
    .execute();
}

export type StoredGoal = Awaited<ReturnType<typeof listGoals>>[number];

export function insertGoal(db: Db, goal: Insertable<PathwayGoalsTable>) {
  return db.insertInto('pathway_goals').values(goal).returning('id').executeTakeFirstOrThrow();
}

export async function closeGoal(db: Db, goalId: string, outcome: 'achieved' | 'changed', closedOn: string): Promise<void> {
  await db.updateTable('pathway_goals').set({ outcome, closed_on: closedOn }).where('id', '=', goalId).where('outcome', 'is', null).execute();
}
