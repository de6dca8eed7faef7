import { z } from 'zod';
import type { PathwayGoalArea } from '../../db/schema.ts';
import { choice, dateInput, dateKey, readForm, text, type Body, type FormRead } from '../../platform/http/forms.ts';

export const GOAL_MAX = 500;
export const SUPPORT_MAX = 1000;

/** The areas of a young person's life a pathway plan covers (Care Planning Regulations 2010 Sch 8, para 2). */
export const GOAL_AREAS: Record<PathwayGoalArea, string> = {
  home: 'Where I live',
  education_work: 'Education, training and work',
  health: 'Health and wellbeing',
  money: 'Money',
  relationships: 'Family, friends and relationships',
  identity: 'Who I am',
  other: 'Something else',
};

export const GOAL_OUTCOMES = { achieved: 'Achieved', changed: 'Changed: the young person’s plans moved on' } as const;
export type GoalOutcome = keyof typeof GOAL_OUTCOMES;

export interface GoalInput {
  area: PathwayGoalArea;
  goal: string;
  support: string | null;
  setOn: string;
  targetDate: string | null;
}
export const GOAL_FIELDS = ['area', 'goal', 'support', dateKey('setOn'), dateKey('targetDate')];

const goalForm = z.object({
  area: choice(GOAL_AREAS, { label: 'Area of life', choose: 'Select the area of life the goal is about' }),
  goal: text({ label: 'The goal', max: GOAL_MAX, required: 'Enter the goal, in the young person’s own words' }),
  support: text({ label: 'The support', max: SUPPORT_MAX }),
  setOn: dateInput({ label: 'Date the goal was set', required: true, requiredMessage: 'Enter the date the goal was set' }),
  targetDate: dateInput({ label: 'Hoped for by' }),
});

export function readGoal(body: Body): FormRead<GoalInput> {
  return readForm(goalForm, body);
}

export interface GoalCloseInput {
  outcome: GoalOutcome;
  closedOn: string;
}
export const GOAL_CLOSE_FIELDS = ['outcome', dateKey('closedOn')];

const goalCloseForm = z.object({
  outcome: choice(GOAL_OUTCOMES, { label: 'What happened', choose: 'Select whether the goal was achieved or changed' }),
  closedOn: dateInput({ label: 'Date', required: true, requiredMessage: 'Enter the date the goal was achieved or changed' }),
});

export function readGoalClose(body: Body): FormRead<GoalCloseInput> {
  return readForm(goalCloseForm, body);
}
