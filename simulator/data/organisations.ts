import type { Agency } from '../../shared/domain';

/**
 * The services of each country as the scenario names them (English working names, as used in
 * joint operation reports). Liaison officers come from the EU agencies under country code EU.
 */
export const ORGANISATIONS: Readonly<Record<string, Partial<Record<Agency, string>>>> = {
  AL: {
    border_police: 'Albanian State Police, Border and Migration',
    customs: 'Albanian Customs Administration',
    police: 'Albanian State Police',
  },
  BA: {
    border_police: 'Border Police of Bosnia and Herzegovina',
    customs: 'Indirect Taxation Authority of BiH',
    police: 'State Investigation and Protection Agency',
  },
  ME: {
    border_police: 'Police Directorate of Montenegro, Border Police',
    customs: 'Revenue and Customs Administration of Montenegro',
    police: 'Police Directorate of Montenegro',
  },
  MK: {
    border_police: 'Border Affairs and Migration Department',
    customs: 'Customs Administration of North Macedonia',
    police: 'Ministry of Interior, Public Security Bureau',
  },
  RS: {
    border_police: 'Border Police Administration of Serbia',
    customs: 'Customs Administration of Serbia',
    police: 'Criminal Police Directorate of Serbia',
  },
  XK: { border_police: 'Kosovo Police, Border Police', customs: 'Kosovo Customs', police: 'Kosovo Police' },
  HR: {
    border_police: 'Croatian Border Police',
    customs: 'Croatian Customs Administration',
    police: 'Croatian Police',
  },
  GR: {
    border_police: 'Hellenic Police, Border Guard',
    customs: 'Hellenic Customs',
    police: 'Hellenic Police',
  },
  BG: {
    border_police: 'Bulgarian Border Police',
    customs: 'Bulgarian Customs Agency',
    police: 'Bulgarian National Police',
  },
  HU: {
    border_police: 'Hungarian Police, Border Policing',
    customs: 'National Tax and Customs Administration',
    police: 'Hungarian Police',
  },
  RO: {
    border_police: 'Romanian Border Police',
    customs: 'Romanian Customs Authority',
    police: 'Romanian Police',
  },
  SI: {
    border_police: 'Slovenian Police, Border Police',
    customs: 'Financial Administration of Slovenia',
    police: 'Slovenian Police',
  },
};

/** The EU agencies whose liaison officers and teams take part. */
export const EU_AGENCIES = ['Europol', 'Frontex'] as const;

/** Short codes used in callsigns. */
export const AGENCY_CODES: Readonly<Record<Agency, string>> = {
  border_police: 'BP',
  customs: 'CU',
  police: 'PO',
  joint_patrol: 'JP',
  liaison: 'LO',
};

/** The name of a country's service, falling back to a plain description for a country not listed. */
export function organisationOf(country: string, agency: Agency): string {
  return ORGANISATIONS[country]?.[agency] ?? `${country} ${agency.replace('_', ' ')}`;
}
