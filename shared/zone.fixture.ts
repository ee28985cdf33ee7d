import type { IncidentCategory, IncidentPriority, UnitKind } from './domain';
import type { ZoneCoverageRule } from './zone';

/** A zone's rules for tests: alerts on units' entry and exit, nothing else, unless overridden. */
export interface ZoneRules {
  onEntry: boolean;
  onExit: boolean;
  watchUnits: boolean;
  unitKinds: UnitKind[];
  watchIncidents: boolean;
  incidentCategories: IncidentCategory[];
  incidentPriorities: IncidentPriority[];
  coverage: ZoneCoverageRule[];
}

export function zoneRules(overrides: Partial<ZoneRules> = {}): ZoneRules {
  return {
    onEntry: true,
    onExit: true,
    watchUnits: true,
    unitKinds: [],
    watchIncidents: false,
    incidentCategories: [],
    incidentPriorities: [],
    coverage: [],
    ...overrides,
  };
}
