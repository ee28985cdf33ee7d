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

/** Where the cases of a group stand: what the results board and the after-action report count. */
export interface ReadmissionTally {
  requested: number;
  accepted: number;
  refused: number;
  handedOver: number;
  /** Persons handed over (as recorded at the handover, or as requested when not told otherwise). */
  personsHandedOver: number;
  /** Refused or handed over after the deadline, or still open past it at `now`. */
  late: number;
}

/** The cases counted all together, by pair of countries and by crossing point. */
export interface ReadmissionSummary {
  total: ReadmissionTally;
  /** Most requested first. */
  byPair: (ReadmissionTally & { requestingCountry: string; requestedCountry: string })[];
  /** Most requested first. */
  byCrossing: (ReadmissionTally & { crossingId: string })[];
}

/** Whether a case was, or is at `now`, late: done after its deadline, or open past it. */
export function isReadmissionLate(c: ReadmissionCase, now: number): boolean {
  const doneAt = c.refusedAt ?? c.handedOverAt;
  if (doneAt !== null) return doneAt > c.deadlineAt;
  return now > c.deadlineAt && c.closedAt === null;
}

function emptyTally(): ReadmissionTally {
  return { requested: 0, accepted: 0, refused: 0, handedOver: 0, personsHandedOver: 0, late: 0 };
}

function addCase(tally: ReadmissionTally, c: ReadmissionCase, now: number): void {
  tally.requested++;
  if (c.acceptedAt !== null) tally.accepted++;
  if (c.refusedAt !== null) tally.refused++;
  if (c.handedOverAt !== null) tally.handedOver++;
  tally.personsHandedOver += personsHandedOver(c);
  if (isReadmissionLate(c, now)) tally.late++;
}

/** Counts the cases as they stand at `now` (operation time): in all, by pair, by crossing point. */
export function summariseReadmissions(cases: Iterable<ReadmissionCase>, now: number): ReadmissionSummary {
  const total = emptyTally();
  const pairs = new Map<string, ReadmissionSummary['byPair'][number]>();
  const crossings = new Map<string, ReadmissionSummary['byCrossing'][number]>();
  for (const c of cases) {
    addCase(total, c, now);
    const key = `${c.requestingCountry}>${c.requestedCountry}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = {
        requestingCountry: c.requestingCountry,
        requestedCountry: c.requestedCountry,
        ...emptyTally(),
      };
      pairs.set(key, pair);
    }
    addCase(pair, c, now);
    let crossing = crossings.get(c.crossingId);
    if (!crossing) {
      crossing = { crossingId: c.crossingId, ...emptyTally() };
      crossings.set(c.crossingId, crossing);
    }
    addCase(crossing, c, now);
  }
  const order = (a: ReadmissionTally, b: ReadmissionTally): number =>
    b.requested - a.requested || b.personsHandedOver - a.personsHandedOver;
  return {
    total,
    byPair: [...pairs.values()].sort(
      (a, b) =>
        order(a, b) ||
        a.requestingCountry.localeCompare(b.requestingCountry) ||
        a.requestedCountry.localeCompare(b.requestedCountry),
    ),
    byCrossing: [...crossings.values()].sort(
      (a, b) => order(a, b) || a.crossingId.localeCompare(b.crossingId),
    ),
  };
}
