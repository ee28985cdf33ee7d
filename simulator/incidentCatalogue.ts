import type { IncidentCategory, IncidentPriority, ResultCount } from '../shared/domain';
import type { EventPayloadInput } from '../shared/protocol/events';
import type { Rng } from './random';

type Counts = Partial<Record<ResultCount, number>>;
type PartnerReferences = NonNullable<EventPayloadInput<'incident.reported'>['partnerReferences']>;

/** What the scenario needs to invent one incident of a category. */
interface CategoryProfile {
  /** Relative frequency among all incidents. */
  weight: number;
  priorities: readonly (readonly [IncidentPriority, number])[];
  /** Counts as first reported; resolution refines them. */
  counts: (rng: Rng) => Counts;
  title: (counts: Counts, place: string) => string;
  /** Share of incidents that carry a partner reference, and which one. */
  reference?: { share: number; make: (rng: Rng, year: number, country: string) => PartnerReferences[number] };
  outcome: readonly string[];
}

const siena = (rng: Rng, year: number): PartnerReferences[number] => ({
  kind: 'siena',
  reference: `SIENA ${year}/${String(rng.int(1, 999_999)).padStart(7, '0')}`,
});

/** How each category is drawn: weights follow the shares typical of the region's joint operations. */
export const CATEGORY_PROFILES: Readonly<Record<IncidentCategory, CategoryProfile>> = {
  irregular_crossing: {
    weight: 30,
    priorities: [
      [2, 2],
      [3, 6],
      [4, 2],
    ],
    counts: (rng) => {
      const migrants = rng.int(1, 28);
      return { persons: migrants, migrants };
    },
    title: (c, place) => `Irregular crossing: group of ${c.migrants ?? 0} near ${place}`,
    outcome: [
      'Group apprehended and registered',
      'Group returned across the border',
      'Persons taken to reception centre',
    ],
  },
  migrant_smuggling: {
    weight: 14,
    priorities: [
      [1, 2],
      [2, 6],
      [3, 2],
    ],
    counts: (rng) => {
      const migrants = rng.int(4, 45);
      return { persons: migrants + 1, migrants, facilitators: rng.int(1, 3) };
    },
    title: (c, place) => `Suspected smuggling: vehicle with ${c.migrants ?? 0} migrants near ${place}`,
    reference: { share: 0.45, make: siena },
    outcome: [
      'Facilitator arrested, vehicle seized',
      'Facilitators arrested; case opened with prosecutor',
      'Vehicle stopped, driver fled',
    ],
  },
  stolen_vehicle: {
    weight: 10,
    priorities: [
      [2, 3],
      [3, 7],
    ],
    counts: (rng) => ({ persons: rng.int(1, 2), stolenVehicles: 1 }),
    title: (_c, place) => `Stolen vehicle hit at ${place}`,
    reference: {
      share: 0.7,
      make: (rng, year, country) => ({
        kind: 'interpol',
        reference: `SMV-${country}-${year}-${rng.int(10_000, 999_999)}`,
      }),
    },
    outcome: [
      'Vehicle seized, driver detained',
      'Vehicle seized and handed to owner country',
      'Hit confirmed, vehicle seized',
    ],
  },
  drugs: {
    weight: 9,
    priorities: [
      [1, 1],
      [2, 5],
      [3, 4],
    ],
    counts: (rng) => ({ persons: rng.int(1, 3), drugsKg: Math.round(rng.exponential(18) * 10) / 10 + 0.1 }),
    title: (c, place) => `Drugs found in vehicle check at ${place} (${c.drugsKg ?? 0} kg)`,
    reference: { share: 0.4, make: siena },
    outcome: [
      'Drugs seized, courier arrested',
      'Seizure confirmed by field test',
      'Controlled delivery agreed with partner',
    ],
  },
  weapons: {
    weight: 4,
    priorities: [
      [1, 5],
      [2, 5],
    ],
    counts: (rng) => ({ persons: rng.int(1, 2), weapons: rng.int(1, 12) }),
    title: (c, place) => `Weapons found near ${place} (${c.weapons ?? 0})`,
    reference: { share: 0.5, make: siena },
    outcome: ['Weapons seized, suspect arrested', 'Weapons and ammunition seized'],
  },
  excise_goods: {
    weight: 10,
    priorities: [
      [3, 6],
      [4, 4],
    ],
    counts: (rng) => ({ persons: rng.int(1, 2), cigarettes: rng.int(2, 600) * 10 }),
    title: (c, place) => `Excise goods: ${c.cigarettes ?? 0} packs of cigarettes at ${place}`,
    outcome: ['Cigarettes seized, misdemeanour charge', 'Goods seized, customs procedure opened'],
  },
  document_fraud: {
    weight: 8,
    priorities: [
      [2, 2],
      [3, 8],
    ],
    counts: (rng) => {
      const falseDocuments = rng.int(1, 4);
      return { persons: falseDocuments, falseDocuments };
    },
    title: (c, place) => `Forged travel documents at ${place} (${c.falseDocuments ?? 0})`,
    reference: {
      share: 0.3,
      make: (rng, year, country) => ({
        kind: 'national_case',
        reference: `${country}-KU-${rng.int(100, 9999)}/${year}`,
      }),
    },
    outcome: ['Documents seized, entry refused', 'Person detained, documents sent for examination'],
  },
  human_trafficking: {
    weight: 2,
    priorities: [
      [1, 7],
      [2, 3],
    ],
    counts: (rng) => ({ persons: rng.int(1, 6), facilitators: rng.int(1, 2) }),
    title: (_c, place) => `Suspected trafficking in human beings near ${place}`,
    reference: { share: 0.8, make: siena },
    outcome: ['Victims referred to protection services, suspect arrested', 'Case handed to specialised unit'],
  },
  readmission_handover: {
    weight: 6,
    priorities: [
      [3, 8],
      [4, 2],
    ],
    counts: (rng) => {
      const persons = rng.int(1, 15);
      return { persons, migrants: persons, readmittedPersons: persons };
    },
    title: (c, place) => `Readmission handover of ${c.readmittedPersons ?? 0} persons at ${place}`,
    outcome: ['Persons handed over under the simplified procedure', 'Handover completed and recorded'],
  },
  wanted_person: {
    weight: 3,
    priorities: [
      [1, 3],
      [2, 7],
    ],
    counts: () => ({ persons: 1 }),
    title: (_c, place) => `Wanted person identified at ${place}`,
    reference: {
      share: 0.9,
      make: (rng, year) => ({ kind: 'interpol', reference: `Red Notice A-${rng.int(1000, 99_999)}/${year}` }),
    },
    outcome: ['Person arrested on warrant', 'Person detained pending extradition procedure'],
  },
  other: {
    weight: 2,
    priorities: [
      [3, 5],
      [4, 5],
    ],
    counts: () => ({}),
    title: (_c, place) => `Suspicious activity reported near ${place}`,
    outcome: ['Checked, nothing found', 'Area checked, report filed'],
  },
};

/** The categories with their weights, for a weighted draw. */
export const CATEGORY_WEIGHTS = (Object.keys(CATEGORY_PROFILES) as IncidentCategory[]).map(
  (c) => [c, CATEGORY_PROFILES[c].weight] as const,
);

/** Final counts at resolution: the first report was an estimate. */
export function refineCounts(rng: Rng, counts: Counts): Counts {
  const out: Counts = {};
  for (const [key, value] of Object.entries(counts) as [ResultCount, number][]) {
    if (key === 'drugsKg') out[key] = Math.max(0.1, Math.round(value * rng.range(0.8, 1.2) * 10) / 10);
    else out[key] = Math.max(key === 'stolenVehicles' ? 1 : 0, Math.round(value * rng.range(0.85, 1.15)));
  }
  return out;
}
