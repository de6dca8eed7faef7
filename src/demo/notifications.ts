// The demo council's notifications: what the daily notices and the weekly
// summary would have told people this morning, so the header's count and the
// notifications page show each kind (docs/notifications.md).
import type { DemoContext } from './context.ts';
import { notifyOverdueWork } from '../workload/index.ts';
import { notifySupervisionOverdue } from '../workforce/index.ts';
import { sendWeeklyDigests } from '../session/index.ts';

export async function generateNotifications(ctx: DemoContext): Promise<void> {
  const now = new Date(`${ctx.today}T07:00:00Z`);
  await notifyOverdueWork(ctx.db, { today: ctx.today, now, managerAfterDays: 5 });
  await notifySupervisionOverdue(ctx.db, { today: ctx.today, now });
  await sendWeeklyDigests(ctx.db, ctx.today, now);
}
