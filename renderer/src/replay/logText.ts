import { getOwn } from '../../../shared/getOwn';
import type { LogEntry } from '../../../shared/replay';
import type { OperationState } from '../../../shared/state';
import { countryName, label, t } from '../i18n/i18n';
import { formatCount, humanize } from '../panels/format';

/**
 * The replay's event log in words: one line per event, naming units by callsign and incidents by
 * title from the replayed picture. Payloads came off the wire, so every field is checked before it
 * is used and a missing one reads as its id or nothing; the text is rendered as a text node only.
 * Each line is one sentence of the `replay` namespace (`log.*`) with the names as placeholders;
 * coded values (statuses, categories, agencies, countries) read in the officer's language.
 */

/** The parts of the picture the log's lines name things from. */
export type LogNames = Pick<OperationState, 'units' | 'incidents' | 'sectors' | 'crossings'> &
  Partial<Pick<OperationState, 'linkedCases'>>;

function str(payload: Record<string, unknown>, key: string): string | undefined {
  const v = payload[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(payload: Record<string, unknown>, key: string): number | undefined {
  const v = payload[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function callsign(names: LogNames, unitId: string | undefined): string {
  return getOwn(names.units, unitId)?.callsign ?? unitId ?? t('replay:log.someUnit');
}

function incidentTitle(names: LogNames, payload: Record<string, unknown>): string {
  const id = str(payload, 'incidentId');
  return str(payload, 'title') ?? getOwn(names.incidents, id)?.title ?? id ?? t('replay:log.someIncident');
}

function sectorName(names: LogNames, sectorId: string | undefined): string {
  return getOwn(names.sectors, sectorId)?.name ?? sectorId ?? t('replay:log.someSector');
}

/** An impact level in words, "?" when the event lacks it. */
function impact(payload: Record<string, unknown>): string {
  const level = str(payload, 'impactLevel');
  return level === undefined ? '?' : label('impactLevel', level);
}

/** One event as a line of the log: "Incident reported: Group of 12 near Horgoš (P2, migrant smuggling)". */
export function describeLogEntry(entry: LogEntry, names: LogNames): string {
  const p = entry.payload;
  switch (entry.type) {
    case 'operation.started':
      // Without a name the line ends at the colon.
      return t('replay:log.operationStarted', { name: str(p, 'name') ?? str(p, 'operationId') ?? '' }).trim();
    case 'operation.updated': {
      const name = str(p, 'name');
      return name ? t('replay:log.operationUpdatedNamed', { name }) : t('replay:log.operationUpdated');
    }
    case 'operation.ended':
      return t('replay:log.operationEnded');
    case 'sector.upserted':
      return t('replay:log.sectorSetUp', {
        sector: str(p, 'name') ?? str(p, 'sectorId') ?? '',
        impact: impact(p),
      });
    case 'sector.impact_changed': {
      const reason = str(p, 'reason');
      const sector = sectorName(names, str(p, 'sectorId'));
      return reason
        ? t('replay:log.sectorImpactReason', { sector, impact: impact(p), reason })
        : t('replay:log.sectorImpact', { sector, impact: impact(p) });
    }
    case 'crossing.upserted':
      return t('replay:log.crossingSetUp', { crossing: str(p, 'name') ?? str(p, 'crossingId') ?? '' });
    case 'unit.upserted': {
      const agency = str(p, 'agency');
      const country = str(p, 'country');
      const details = [
        agency ? label('agency', agency) : undefined,
        country ? countryName(country) : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      const unit = str(p, 'callsign') ?? str(p, 'unitId') ?? '';
      const code = str(p, 'status');
      const status = code ? label('unitStatus', code) : undefined;
      if (details && status) return t('replay:log.unitDetailsStatus', { unit, details, status });
      if (details) return t('replay:log.unitDetails', { unit, details });
      if (status) return t('replay:log.unitStatus', { unit, status });
      return t('replay:log.unit', { unit });
    }
    case 'unit.status_changed': {
      const unit = callsign(names, str(p, 'unitId'));
      const code = str(p, 'status');
      const incidentId = str(p, 'incidentId');
      const incident = incidentId ? incidentTitle(names, { incidentId }) : undefined;
      if (code) {
        const status = label('unitStatus', code);
        return incident
          ? t('replay:log.unitStatusChangedFor', { unit, status, incident })
          : t('replay:log.unitStatusChanged', { unit, status });
      }
      return incident
        ? t('replay:log.unitChangedStatusFor', { unit, incident })
        : t('replay:log.unitChangedStatus', { unit });
    }
    case 'unit.position':
      return t('replay:log.unitPosition', { unit: callsign(names, str(p, 'unitId')) });
    case 'incident.reported': {
      const priority = num(p, 'priority');
      const category = str(p, 'category');
      const details = [
        priority !== undefined ? t('common:priorityShort', { priority }) : undefined,
        category ? label('incidentCategory', category) : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      const incident = incidentTitle(names, p);
      return details
        ? t('replay:log.incidentReportedDetails', { incident, details })
        : t('replay:log.incidentReported', { incident });
    }
    case 'incident.updated':
      return t('replay:log.incidentUpdated', { incident: incidentTitle(names, p) });
    case 'incident.acknowledged': {
      const by = str(p, 'by');
      const incident = incidentTitle(names, { incidentId: str(p, 'incidentId') });
      return by
        ? t('replay:log.incidentAcknowledgedBy', { by, incident })
        : t('replay:log.incidentAcknowledged', { incident });
    }
    case 'incident.assigned': {
      const unitIds = Array.isArray(p.unitIds)
        ? p.unitIds.filter((u): u is string => typeof u === 'string')
        : [];
      const units = unitIds.map((u) => callsign(names, u)).join(', ');
      const incident = incidentTitle(names, { incidentId: str(p, 'incidentId') });
      return units
        ? t('replay:log.incidentAssigned', { units, incident })
        : t('replay:log.incidentAssignedUnits', { incident });
    }
    case 'incident.resolved': {
      const outcome = str(p, 'outcome');
      const incident = incidentTitle(names, { incidentId: str(p, 'incidentId') });
      return outcome
        ? t('replay:log.incidentResolvedOutcome', { incident, outcome })
        : t('replay:log.incidentResolved', { incident });
    }
    case 'incident.closed':
      return t('replay:log.incidentClosed', {
        incident: incidentTitle(names, { incidentId: str(p, 'incidentId') }),
      });
    case 'incident.note_added': {
      const author = str(p, 'author');
      const incident = incidentTitle(names, { incidentId: str(p, 'incidentId') });
      const text = str(p, 'text') ?? '';
      return author
        ? t('replay:log.noteAdded', { author, incident, text })
        : t('replay:log.noteAddedAnonymous', { incident, text });
    }
    case 'bookmark.added': {
      const bookmark = str(p, 'label') ?? '';
      const author = str(p, 'author');
      return author
        ? t('replay:log.bookmarkAddedBy', { bookmark, author })
        : t('replay:log.bookmarkAdded', { bookmark });
    }
    case 'readmission.requested': {
      const persons = Array.isArray(p.persons)
        ? p.persons.reduce<number>(
            (sum, x) =>
              sum + (x && typeof x === 'object' ? (num(x as Record<string, unknown>, 'persons') ?? 0) : 0),
            0,
          )
        : 0;
      const crossingId = str(p, 'crossingId');
      return t('replay:log.readmissionRequested', {
        caseId: str(p, 'caseId') ?? '',
        from: countryName(str(p, 'requestingCountry') ?? '?'),
        to: countryName(str(p, 'requestedCountry') ?? '?'),
        crossing: getOwn(names.crossings, crossingId)?.name ?? crossingId ?? '?',
        persons: formatCount(persons),
      });
    }
    case 'readmission.accepted':
      return t('replay:log.readmissionAccepted', { caseId: str(p, 'caseId') ?? '', by: str(p, 'by') ?? '?' });
    case 'readmission.refused':
      return t('replay:log.readmissionRefused', {
        caseId: str(p, 'caseId') ?? '',
        by: str(p, 'by') ?? '?',
        reason: str(p, 'reason') ?? '',
      });
    case 'readmission.handed_over':
      return t('replay:log.readmissionHandedOver', {
        caseId: str(p, 'caseId') ?? '',
        by: str(p, 'by') ?? '?',
      });
    case 'readmission.closed':
      return t('replay:log.readmissionClosed', { caseId: str(p, 'caseId') ?? '' });
    case 'incident.linked': {
      const ids = Array.isArray(p.incidentIds)
        ? p.incidentIds.filter((i): i is string => typeof i === 'string')
        : [];
      const caseId = str(p, 'caseId');
      return t('replay:log.incidentsLinked', {
        case:
          str(p, 'title') ??
          (names.linkedCases ? getOwn(names.linkedCases, caseId)?.title : undefined) ??
          caseId ??
          '',
        incidents: ids.map((id) => incidentTitle(names, { incidentId: id })).join(', '),
        by: str(p, 'by') ?? '?',
      });
    }
    case 'incident.unlinked': {
      const caseId = str(p, 'caseId');
      return t('replay:log.incidentUnlinked', {
        case: (names.linkedCases ? getOwn(names.linkedCases, caseId)?.title : undefined) ?? caseId ?? '',
        incident: incidentTitle(names, { incidentId: str(p, 'incidentId') }),
        by: str(p, 'by') ?? '?',
      });
    }
    case 'annotation.created': {
      const kind = str(p, 'kind');
      return t('replay:log.annotationCreated', {
        author: str(p, 'author') ?? '?',
        what: str(p, 'text') ?? (kind ? t(`map:annotations.kind.${kind}`, { defaultValue: kind }) : ''),
      });
    }
    case 'annotation.deleted':
      return t('replay:log.annotationDeleted', { by: str(p, 'by') ?? '?' });
    case 'zone.created':
      return t('replay:log.zoneCreated', { name: str(p, 'name') ?? '?', author: str(p, 'author') ?? '?' });
    case 'zone.deleted':
      return t('replay:log.zoneDeleted', { by: str(p, 'by') ?? '?' });
    default:
      // An event type this version does not know (a newer core): its code as words.
      return humanize(entry.type.replaceAll('.', ' '));
  }
}

/** How big a written file is: "812 B", "14.2 kB", "3.1 MB", in the locale's digits. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return t('common:none');
  if (bytes < 1000) return t('replay:size.bytes', { value: formatCount(bytes) });
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < 3) {
    value /= 1000;
    unit++;
  }
  const shown = value < 100 ? formatCount(value, true) : formatCount(Math.round(value));
  switch (unit) {
    case 0:
      return t('replay:size.kilobytes', { value: shown });
    case 1:
      return t('replay:size.megabytes', { value: shown });
    case 2:
      return t('replay:size.gigabytes', { value: shown });
    default:
      return t('replay:size.terabytes', { value: shown });
  }
}

/** A log line's time: local "14:05:09", with the local date in front when not the cursor's day. */
export function formatLogTime(ms: number, reference: number): string {
  const d = new Date(ms);
  const r = new Date(reference);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay =
    d.getFullYear() === r.getFullYear() && d.getMonth() === r.getMonth() && d.getDate() === r.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
