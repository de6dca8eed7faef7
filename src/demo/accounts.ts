import type { Role } from '../db/schema.ts';

/** Every demo account signs in with this password. Demo mode only: production never creates them. */
export const DEMO_PASSWORD = 'steadfast-demo-2026';

export interface DemoAccount {
  role: Role;
  email: string;
  name: string;
}

/** One account per role, placed in the demo council's organisation by the generator. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'social_worker', email: 'social.worker@steadfast.example', name: 'Sam Okafor' },
  { role: 'practice_supervisor', email: 'practice.supervisor@steadfast.example', name: 'Priya Shah' },
  { role: 'team_manager', email: 'team.manager@steadfast.example', name: 'Tom Whitlock' },
  { role: 'service_manager', email: 'service.manager@steadfast.example', name: 'Sarah Mensah' },
  { role: 'head_of_service', email: 'head.of.service@steadfast.example', name: 'Helen Fairbrother' },
  { role: 'personal_adviser', email: 'personal.adviser@steadfast.example', name: 'Paul Adeyemi' },
  { role: 'iro', email: 'iro@steadfast.example', name: 'Irene Rowe' },
  { role: 'performance_analyst', email: 'analyst@steadfast.example', name: 'Anika Patel' },
  { role: 'system_admin', email: 'admin@steadfast.example', name: 'Alex Morgan' },
];
