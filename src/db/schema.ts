import type { ColumnType, Generated } from 'kysely';

/** A timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date: read and written as 'YYYY-MM-DD'. */
type DateOnly = string;

export const ROLES = [
  'social_worker',
  'practice_supervisor',
  'team_manager',
  'service_manager',
  'head_of_service',
  'personal_adviser',
  'iro',
  'performance_analyst',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface DirectoratesTable {
  id: Generated<string>;
  name: string;
}

export interface ServicesTable {
  id: Generated<string>;
  directorate_id: string;
  name: string;
}

export interface TeamsTable {
  id: Generated<string>;
  service_id: string;
  name: string;
  base_postcode: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  service_id: string | null;
  line_manager_id: string | null;
  qualified_on: DateOnly | null;
  fte: ColumnType<number, number | undefined, number>;
  password_hash: string;
  disabled_at: Timestamp | null;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
}

export interface Database {
  directorates: DirectoratesTable;
  services: ServicesTable;
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
}
