import type { Role, TrainingCategory } from '../../db/schema.ts';

/**
 * The training a council's children's social care staff are offered, with
 * what each role must do and how often it must be renewed. A new council
 * starts from this list and changes it; the direct-work toolkits are the
 * practice guides Ofsted looks for in how workers build confidence.
 */
export interface CatalogueCourse {
  name: string;
  category: TrainingCategory;
  description: string;
  /** Months before attendance must be renewed; null when it never expires. */
  renewalMonths: number | null;
  requiredFor: Role[];
}

const PRACTITIONERS: Role[] = ['social_worker', 'practice_supervisor', 'team_manager'];

export const TRAINING_CATALOGUE: readonly CatalogueCourse[] = [
  {
    name: 'Direct-work toolkit: communication and participation',
    category: 'direct_work_toolkit',
    description: 'Tools for hearing the child’s voice and helping them take part in decisions about their lives.',
    renewalMonths: null,
    requiredFor: ['social_worker', 'practice_supervisor', 'personal_adviser'],
  },
  {
    name: 'Direct-work toolkit: digital',
    category: 'direct_work_toolkit',
    description: 'Using digital tools in direct work, and keeping children safe online.',
    renewalMonths: null,
    requiredFor: ['social_worker', 'practice_supervisor'],
  },
  {
    name: 'Direct-work toolkit: neglect',
    category: 'direct_work_toolkit',
    description: 'Recognising and assessing neglect, and the graded care profile.',
    renewalMonths: 36,
    requiredFor: ['social_worker', 'practice_supervisor', 'team_manager'],
  },
  {
    name: 'Safeguarding children: advanced',
    category: 'safeguarding',
    description: 'Multi-agency safeguarding for case-holding practitioners and managers.',
    renewalMonths: 36,
    requiredFor: [...PRACTITIONERS, 'service_manager', 'iro', 'personal_adviser'],
  },
  {
    name: 'Recording and writing for the child',
    category: 'practice',
    description: 'Writing records the child could read one day: chronology, case notes and plans.',
    renewalMonths: null,
    requiredFor: PRACTITIONERS,
  },
  {
    name: 'Court skills',
    category: 'practice',
    description: 'Preparing statements and giving evidence in care proceedings.',
    renewalMonths: 60,
    requiredFor: ['social_worker', 'practice_supervisor'],
  },
  {
    name: 'Reflective supervision for supervisors',
    category: 'management',
    description: 'Supervising for reflection, wellbeing and workload, not only case direction.',
    renewalMonths: 36,
    requiredFor: ['practice_supervisor', 'team_manager', 'service_manager'],
  },
  {
    name: 'Data protection and information sharing',
    category: 'other',
    description: 'UK GDPR, consent and sharing information to safeguard children.',
    renewalMonths: 24,
    requiredFor: ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'iro', 'personal_adviser', 'performance_analyst', 'system_admin'],
  },
];
