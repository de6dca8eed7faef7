import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { destinationsFor, isAsye, MANAGER_ROLES, NAVIGATION_GROUPS, navigationFor, ROLE_LABELS } from '../../platform/access/roles.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { requireSignedIn } from '../../platform/http/web.ts';
import { countDirectReports, findProfile } from './queries.ts';
import { whatYouOwe } from '../../workload/index.ts';
import { allocationHome } from '../../workload/index.ts';
import { supervisionOwed } from '../../workforce/index.ts';
import { workDueHome } from '../../workload/index.ts';
import { worriedHome } from '../../direct-work/index.ts';
import { inadequateAudits } from '../../quality/index.ts';

export async function homeRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  app.get('/', { preHandler: requireSignedIn }, async (request, reply) => {
    const user = request.user!;
    const profile = await findProfile(deps.db, user.id);
    const today = londonDate(deps.clock.now());
    const directReports = MANAGER_ROLES.includes(user.role) ? await countDirectReports(deps.db, user.id) : null;
    return reply.render('session/home/views/home.njk', {
      title: 'Home',
      profile,
      roleLabel: ROLE_LABELS[user.role],
      role: user.role,
      asye: isAsye(user.role, profile.asye_started_on, today),
      directReports,
      owe: user.role === 'system_admin' ? null : await whatYouOwe(deps.db, { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId }, today),
      allocation: user.role === 'system_admin' ? null : await allocationHome(deps.db, { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId }, today, deps.clock.now()),
      supervision: await supervisionOwed(deps.db, { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId }, today),
      workDue:
        user.role === 'system_admin'
          ? null
          : await workDueHome({ db: deps.db, viewer: { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId }, context: request.auditContext(), today, now: deps.clock.now() }),
      childVoiceWorried: user.role === 'system_admin' ? [] : await worriedHome(deps.db, { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId }, deps.clock.now()),
      inadequateAudits: user.role === 'system_admin' ? [] : await inadequateAudits(deps.db, { id: user.id, role: user.role, teamId: user.teamId, serviceId: user.serviceId }),
      links: destinationsFor(user.role, { returnsAdministrator: user.returnsAdministrator }).filter((item) => item.href !== '/'),
    });
  });

  // A section of the menu (Staff, Help and care, Practice, Settings): its pages, for a role whose menu groups them.
  for (const path of NAVIGATION_GROUPS.map((g) => g.href)) {
    app.get(path, { preHandler: requireSignedIn }, async (request, reply) => {
      const group = navigationFor(request.user!.role, { returnsAdministrator: request.user!.returnsAdministrator }).find((item) => item.href === path && item.items);
      if (!group) throw new NotFound();
      return reply.render('session/home/views/group.njk', { title: group.text, group });
    });
  }
}
