import type { Role } from '../db/schema.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import type { DemoContext } from './context.ts';

/** The shape of a county's children's services; team counts grow with --scale. */
const SERVICES: { name: string; teams: { name: string; kind: TeamKind; count: number }[] }[] = [
  {
    name: 'Assessment and Front Door',
    teams: [{ name: 'Assessment', kind: 'case', count: 4 }],
  },
  {
    name: 'Locality Social Work',
    teams: [{ name: 'Locality', kind: 'case', count: 10 }],
  },
  {
    name: 'Looked After Children',
    teams: [
      { name: 'Looked After Children', kind: 'case', count: 6 },
      { name: 'Children with Disabilities', kind: 'case', count: 2 },
    ],
  },
  {
    name: 'Leaving Care',
    teams: [{ name: 'Leaving Care', kind: 'advisers', count: 4 }],
  },
  {
    name: 'Safeguarding and Quality Assurance',
    teams: [{ name: 'Independent Reviewing', kind: 'reviewing', count: 2 }],
  },
  {
    name: 'Performance and Systems',
    teams: [],
  },
];

type TeamKind = 'case' | 'advisers' | 'reviewing';

/** Real East Sussex postcode sectors for team bases (the council's own area). */
const TEAM_BASES = ['BN21 4', 'TN34 1', 'BN7 1', 'TN40 1', 'TN6 1', 'TN22 1', 'BN27 1', 'BN9 9', 'BN25 1', 'TN21 8', 'BN20 7', 'TN38 0'];
const TOWNS = ['Eastbourne', 'Hastings', 'Lewes', 'Bexhill', 'Crowborough', 'Uckfield', 'Hailsham', 'Newhaven', 'Seaford', 'Heathfield', 'Meads', 'St Leonards'];

export interface DemoStaff {
  id: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
}

export interface DemoOrganisation {
  teams: { id: string; name: string; serviceId: string; kind: TeamKind; basePostcode: string }[];
  staff: DemoStaff[];
}

export async function generateOrganisation(ctx: DemoContext): Promise<DemoOrganisation> {
  const { db, random, faker } = ctx;
  const directorate = await db.insertInto('directorates').values({ name: "Children's Services" }).returning('id').executeTakeFirstOrThrow();
  const organisation: DemoOrganisation = { teams: [], staff: [] };
  const demoByRole = new Map(DEMO_ACCOUNTS.map((a) => [a.role, a]));
  const used = new Set<string>();
  const takeDemo = (role: Role) => {
    if (used.has(role)) return undefined;
    used.add(role);
    return demoByRole.get(role);
  };

  const addStaff = async (staff: {
    role: Role;
    teamId?: string | null;
    serviceId?: string | null;
    lineManagerId?: string | null;
    qualifiedOn?: string | null;
    fte?: number;
    demo?: boolean;
  }): Promise<string> => {
    const account = staff.demo ? takeDemo(staff.role) : undefined;
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const name = account?.name ?? `${first} ${last}`;
    const email = account?.email ?? `${first}.${last}.${organisation.staff.length + 1}@staff.steadfast.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
    const row = await db
      .insertInto('users')
      .values({
        email,
        name,
        role: staff.role,
        team_id: staff.teamId ?? null,
        service_id: staff.serviceId ?? null,
        line_manager_id: staff.lineManagerId ?? null,
        qualified_on: staff.qualifiedOn ?? null,
        // The demo's newly qualified workers begin their ASYE the day they qualify.
        asye_started_on: staff.role === 'social_worker' ? (staff.qualifiedOn ?? null) : null,
        fte: staff.fte ?? 1,
        password_hash: ctx.passwordHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisation.staff.push({ id: row.id, role: staff.role, teamId: staff.teamId ?? null, serviceId: staff.serviceId ?? null });
    return row.id;
  };

  const director = await addStaff({ role: 'head_of_service', demo: true, qualifiedOn: ctx.yearsAgo(22) });
  let teamNumber = 0;
  for (const service of SERVICES) {
    const serviceRow = await db
      .insertInto('services')
      .values({ directorate_id: directorate.id, name: service.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const serviceManager = await addStaff({
      role: service.name === 'Performance and Systems' ? 'performance_analyst' : 'service_manager',
      serviceId: serviceRow.id,
      lineManagerId: director,
      qualifiedOn: ctx.yearsAgo(15),
      demo: service.name === 'Locality Social Work',
    });
    if (service.name === 'Performance and Systems') {
      await addStaff({ role: 'performance_analyst', serviceId: serviceRow.id, lineManagerId: serviceManager, demo: true });
      for (let i = 0; i < Math.max(1, Math.round(2 * ctx.scale)); i++) {
        await addStaff({ role: 'performance_analyst', serviceId: serviceRow.id, lineManagerId: serviceManager });
      }
      await addStaff({ role: 'system_admin', serviceId: serviceRow.id, lineManagerId: serviceManager, demo: true });
      await addStaff({ role: 'system_admin', serviceId: serviceRow.id, lineManagerId: serviceManager });
      continue;
    }
    for (const teamShape of service.teams) {
      const count = Math.max(1, Math.round(teamShape.count * ctx.scale));
      for (let i = 0; i < count; i++) {
        const town = TOWNS[teamNumber % TOWNS.length]!;
        const basePostcode = `${TEAM_BASES[teamNumber % TEAM_BASES.length]}${faker.string.alpha({ length: 2, casing: 'upper' })}`;
        teamNumber++;
        const suffix = count > TOWNS.length ? ` ${Math.floor(i / TOWNS.length) + 1}` : '';
        const name = `${teamShape.name} ${town}${suffix}`;
        const team = await db
          .insertInto('teams')
          .values({ service_id: serviceRow.id, name, base_postcode: basePostcode })
          .returning('id')
          .executeTakeFirstOrThrow();
        organisation.teams.push({ id: team.id, name, serviceId: serviceRow.id, kind: teamShape.kind, basePostcode });
        const isDemoTeam = service.name === 'Locality Social Work' && i === 0;
        const manager = await addStaff({
          role: 'team_manager',
          teamId: team.id,
          lineManagerId: serviceManager,
          qualifiedOn: ctx.yearsAgo(8 + random.int(0, 12)),
          demo: isDemoTeam,
        });
        if (teamShape.kind === 'case') {
          const supervisor = await addStaff({
            role: 'practice_supervisor',
            teamId: team.id,
            lineManagerId: manager,
            qualifiedOn: ctx.yearsAgo(5 + random.int(0, 10)),
            demo: isDemoTeam,
          });
          const workers = 6 + random.int(0, 3);
          for (let w = 0; w < workers; w++) {
            const asye = random.chance(0.15);
            await addStaff({
              role: 'social_worker',
              teamId: team.id,
              lineManagerId: w % 2 === 0 ? supervisor : manager,
              qualifiedOn: asye ? ctx.daysAgo(random.int(20, 330)) : ctx.yearsAgo(1 + random.int(0, 20)),
              fte: random.chance(0.2) ? random.pick([0.5, 0.6, 0.8]) : 1,
              demo: isDemoTeam && w === 0,
            });
          }
        } else {
          const role: Role = teamShape.kind === 'advisers' ? 'personal_adviser' : 'iro';
          for (let w = 0; w < 7 + random.int(0, 2); w++) {
            await addStaff({
              role,
              teamId: team.id,
              lineManagerId: manager,
              qualifiedOn: role === 'iro' ? ctx.yearsAgo(10 + random.int(0, 10)) : null,
              fte: random.chance(0.15) ? 0.8 : 1,
              demo: w === 0 && i === 0,
            });
          }
        }
      }
    }
  }
  return organisation;
}
