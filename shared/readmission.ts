import type { ReadmissionCase, OperationState } from './state';

/**
 * How pressing a readmission case is at a moment: still open past its deadline (overdue), open
 * with little time left (due soon), open, or done (refused, handed over or closed).
 */
export type ReadmissionUrgency = 'overdue' | 'due_soon' | 'open' | 'done';

/** An open case with less than this left before its deadline is raised as due soon. */
export const READMISSION_DUE_SOON_MS = 3_600_000;

/** Whether a case still waits for something: an answer, or after acceptance, the handover. */
export function isReadmissionOpen(c: ReadmissionCase): boolean {
  return c.status === 'requested' || c.status === 'accepted';
}

/** The urgency of a case at `now` (operation time, the clock deadlines are set in). */
export function readmissionUrgency(c: ReadmissionCase, now: number): ReadmissionUrgency {
  if (!isReadmissionOpen(c)) return 'done';
  if (now > c.deadlineAt) return 'overdue';
  return c.deadlineAt - now <= READMISSION_DUE_SOON_MS ? 'due_soon' : 'open';
}

/** The open cases, most pressing first: overdue, then by deadline. */
export function openReadmissions(
  state: Pick<OperationState, 'readmissions'>,
  now: number,
): ReadmissionCase[] {
  return Object.values(state.readmissions)
    .filter(isReadmissionOpen)
    .sort((a, b) => {
      const overdue = Number(now > b.deadlineAt) - Number(now > a.deadlineAt);
      return overdue !== 0 ? overdue : a.deadlineAt - b.deadlineAt || a.caseId.localeCompare(b.caseId);
    });
}

/** How many open cases are past their deadline at `now`. */
export function overdueReadmissionCount(state: Pick<OperationState, 'readmissions'>, now: number): number {
  let count = 0;
  for (const c of Object.values(state.readmissions)) if (isReadmissionOpen(c) && now > c.deadlineAt) count++;
  return count;
}

/** The persons actually handed over in a case: as recorded at the handover, or else as requested; 0 before. */
export function personsHandedOver(c: ReadmissionCase): number {
  if (c.handedOverAt === null) return 0;
  return (c.personsHandedOver ?? c.persons).reduce((sum, p) => sum + p.persons, 0);
}

/** The persons a case concerns, all nationalities together. */
export function readmissionPersons(c: ReadmissionCase): number {
  return c.persons.reduce((sum, p) => sum + p.persons, 0);
}
