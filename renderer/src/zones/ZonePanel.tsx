import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INCIDENT_CATEGORIES, INCIDENT_PRIORITIES, UNIT_KINDS, type UnitKind } from '../../../shared/domain';
import { getOwn } from '../../../shared/getOwn';
import type { OperationState, Zone, ZoneAlert } from '../../../shared/state';
import { zoneStatus, type CoverageBreach } from '../../../shared/zone';
import { useAnnotationDraw } from '../annotations/annotationDraw';
import { label } from '../i18n/i18n';
import { formatUtc } from '../panels/format';
import { operationNowAtClock } from '../store/clockSlices';
import { useUi } from '../store/uiStore';
import {
  createZone,
  EMPTY_ZONE_FORM,
  deleteZone,
  drawZoneArea,
  toggled,
  useZoneArea,
  zoneArea,
  zonePayload,
  type ZoneForm,
} from './zoneActions';
import './zones.css';

type T = (key: string, options?: Record<string, unknown>) => string;

const selectNow = operationNowAtClock();

/** A coverage breach in words: "No boat inside since 06:40" / "No unit for 20 min since 07:00". */
function breachText(b: CoverageBreach, t: T): string {
  const since = formatUtc(b.since);
  return b.rule.rule === 'at_least'
    ? t('zones.breach.atLeast', { count: b.rule.count, kind: label('unitKind', b.rule.unitKind), since })
    : t('zones.breach.noUnit', { minutes: b.rule.minutes, since });
}

/** An alert in words: who came in or went out, and when. */
function alertText(a: ZoneAlert, state: OperationState, t: T): string {
  const who = a.unitId
    ? (getOwn(state.units, a.unitId)?.callsign ?? a.unitId)
    : (getOwn(state.incidents, a.incidentId ?? '')?.title ?? a.incidentId ?? '');
  return t(`zones.alert.${a.kind}`, { who, at: formatUtc(a.at) });
}

function ZoneItem({ zone, now, canDelete }: { zone: Zone; now: number; canDelete: boolean }) {
  const { t } = useTranslation('map');
  const state = useUi((s) => s.state);
  const status = zoneStatus(zone, now);
  const last = zone.alerts.at(-1);
  return (
    <li
      className={`zone-item${status.alarm ? ' is-alarm' : ''}`}
      data-testid="zone-item"
      data-zone={zone.zoneId}
      data-alarm={status.alarm}
    >
      <div className="zone-head">
        <span className="zone-name">{zone.name}</span>
        {canDelete && (
          <button
            type="button"
            className="map-card-remove"
            onClick={() => void deleteZone(zone.zoneId)}
            aria-label={t('zones.delete', { name: zone.name })}
            title={t('zones.delete', { name: zone.name })}
            data-testid="zone-delete"
          >
            ×
          </button>
        )}
      </div>
      {status.breaches.map((b) => (
        <p key={b.ruleIndex} className="zone-breach" role="status" data-testid="zone-breach">
          {breachText(b, t as T)}
        </p>
      ))}
      {last ? (
        <p className={status.freshAlerts.length > 0 ? 'zone-breach' : 'zone-quiet'} data-testid="zone-alert">
          {alertText(last, state, t)}
          {zone.alerts.length > 1 ? ` (${t('zones.alerts', { count: zone.alerts.length })})` : ''}
        </p>
      ) : (
        status.breaches.length === 0 && <p className="zone-quiet">{t('zones.ok')}</p>
      )}
    </li>
  );
}

/** The form to make a zone over a sector or an area drawn with the annotation tool. */
function ZoneMaker() {
  const { t } = useTranslation('map');
  const sectors = useUi((s) => s.state.sectors);
  const drawn = useZoneArea();
  const drawingZone = useAnnotationDraw((s) => s.forZone === true && s.kind !== null);
  const [form, setForm] = useState<ZoneForm>(EMPTY_ZONE_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<ZoneForm>) => setForm((f) => ({ ...f, ...patch }));
  const sectorList = useMemo(
    () => Object.values(sectors).sort((a, b) => a.name.localeCompare(b.name)),
    [sectors],
  );
  return (
    <form
      className="zone-form"
      data-testid="zone-form"
      onSubmit={(e) => {
        e.preventDefault();
        const result = zonePayload(form, drawn);
        if ('problem' in result) return setProblem(t(`zones.problem.${result.problem}`));
        setProblem(null);
        void createZone(result.payload).then((ok) => {
          if (!ok) return;
          setForm(EMPTY_ZONE_FORM);
          zoneArea.set(null);
        });
      }}
    >
      <input
        className="wf-input"
        value={form.name}
        placeholder={t('zones.name')}
        aria-label={t('zones.name')}
        maxLength={201}
        onChange={(e) => set({ name: e.target.value })}
        data-testid="zone-name"
      />
      <label>
        {t('zones.area')}{' '}
        <select
          value={form.sectorId}
          onChange={(e) => set({ sectorId: e.target.value })}
          data-testid="zone-sector"
        >
          <option value="">{t('zones.drawnArea')}</option>
          {sectorList.map((s) => (
            <option key={s.sectorId} value={s.sectorId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {form.sectorId === '' && (
        <div className="zone-row">
          <button type="button" className="wf-button" onClick={drawZoneArea} data-testid="zone-draw">
            {t('zones.draw')}
          </button>
          <span className="zone-quiet" data-testid="zone-drawn">
            {drawingZone
              ? t('zones.drawing')
              : drawn
                ? t('zones.drawn', { n: drawn.length })
                : t('zones.notDrawn')}
          </span>
        </div>
      )}
      <div className="zone-row">
        <label>
          <input
            type="checkbox"
            checked={form.onEntry}
            onChange={(e) => set({ onEntry: e.target.checked })}
          />
          {t('zones.onEntry')}
        </label>
        <label>
          <input type="checkbox" checked={form.onExit} onChange={(e) => set({ onExit: e.target.checked })} />
          {t('zones.onExit')}
        </label>
      </div>
      <label>
        <input
          type="checkbox"
          checked={form.watchUnits}
          onChange={(e) => set({ watchUnits: e.target.checked })}
          data-testid="zone-watch-units"
        />
        {t('zones.units')}
      </label>
      {form.watchUnits && (
        <fieldset className="zone-choices" data-testid="zone-unit-kinds">
          <legend>{t('zones.kinds')}</legend>
          {UNIT_KINDS.map((k) => (
            <label key={k}>
              <input
                type="checkbox"
                checked={form.unitKinds.includes(k)}
                onChange={(e) => set({ unitKinds: toggled(form.unitKinds, k, e.target.checked) })}
                data-testid={`zone-unit-kind-${k}`}
              />
              {label('unitKind', k)}
            </label>
          ))}
          <span className="zone-quiet">{t('zones.everyKind')}</span>
        </fieldset>
      )}
      <label>
        <input
          type="checkbox"
          checked={form.watchIncidents}
          onChange={(e) => set({ watchIncidents: e.target.checked })}
          data-testid="zone-watch-incidents"
        />
        {t('zones.incidentsReported')}
      </label>
      {form.watchIncidents && (
        <>
          <fieldset className="zone-choices" data-testid="zone-incident-categories">
            <legend>{t('zones.categories')}</legend>
            {INCIDENT_CATEGORIES.map((c) => (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={form.incidentCategories.includes(c)}
                  onChange={(e) =>
                    set({ incidentCategories: toggled(form.incidentCategories, c, e.target.checked) })
                  }
                  data-testid={`zone-incident-category-${c}`}
                />
                {label('incidentCategory', c)}
              </label>
            ))}
            <span className="zone-quiet">{t('zones.everyCategory')}</span>
          </fieldset>
          <fieldset className="zone-choices" data-testid="zone-incident-priorities">
            <legend>{t('zones.priorities')}</legend>
            {INCIDENT_PRIORITIES.map((p) => (
              <label key={p}>
                <input
                  type="checkbox"
                  checked={form.incidentPriorities.includes(p)}
                  onChange={(e) =>
                    set({ incidentPriorities: toggled(form.incidentPriorities, p, e.target.checked) })
                  }
                  data-testid={`zone-incident-priority-${p}`}
                />
                {t('zones.priority', { priority: p })}
              </label>
            ))}
            <span className="zone-quiet">{t('zones.everyPriority')}</span>
          </fieldset>
        </>
      )}
      <div className="zone-row">
        <label>
          <input
            type="checkbox"
            checked={form.atLeast !== null}
            onChange={(e) => set({ atLeast: e.target.checked ? { count: 1, unitKind: 'boat' } : null })}
            data-testid="zone-at-least"
          />
          {t('zones.atLeast')}
        </label>
        {form.atLeast && (
          <>
            <input
              className="wf-input zone-number"
              type="number"
              min={1}
              max={50}
              value={form.atLeast.count}
              aria-label={t('zones.count')}
              onChange={(e) => set({ atLeast: { ...form.atLeast!, count: Number(e.target.value) } })}
            />
            <select
              value={form.atLeast.unitKind}
              aria-label={t('zones.kind')}
              onChange={(e) => set({ atLeast: { ...form.atLeast!, unitKind: e.target.value as UnitKind } })}
              data-testid="zone-at-least-kind"
            >
              {UNIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label('unitKind', k)}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      <div className="zone-row">
        <label>
          <input
            type="checkbox"
            checked={form.noUnitMinutes !== null}
            onChange={(e) => set({ noUnitMinutes: e.target.checked ? 20 : null })}
            data-testid="zone-no-unit"
          />
          {t('zones.noUnit')}
        </label>
        {form.noUnitMinutes !== null && (
          <input
            className="wf-input zone-number"
            type="number"
            min={1}
            max={1440}
            value={form.noUnitMinutes}
            aria-label={t('zones.minutes')}
            onChange={(e) => set({ noUnitMinutes: Number(e.target.value) })}
          />
        )}
      </div>
      <button type="submit" className="wf-button" data-testid="zone-create">
        {t('zones.create')}
      </button>
      {problem !== null && (
        <p className="wf-field-error" role="alert" data-testid="zone-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/**
 * The watch zones section, under the annotations panel: make a zone over a sector or a drawn area,
 * and the zones with their state (a coverage rule in breach, the last entry or exit). In replay it
 * lists the zones of the replayed moment, and nothing is made or deleted.
 */
export function ZonePanel() {
  const { t } = useTranslation('map');
  const open = useAnnotationDraw((s) => s.open);
  const record = useUi((s) => s.state.zones);
  const replaying = useUi((s) => s.replay !== null);
  const now = useUi(selectNow);
  const zones = useMemo(
    () =>
      Object.values(record)
        .filter((z) => z.deletedAt === null)
        .sort((a, b) => a.createdAt - b.createdAt || (a.zoneId < b.zoneId ? -1 : 1)),
    [record],
  );
  if (!open) return null;
  return (
    <section
      className="map-card annotation-panel zone-panel"
      data-testid="zone-panel"
      aria-labelledby="zone-panel-title"
    >
      <h2 id="zone-panel-title">{t('zones.title')}</h2>
      {!replaying && <ZoneMaker />}
      {zones.length === 0 ? (
        <p className="annotation-none">{t('zones.noZones')}</p>
      ) : (
        <ul className="zone-list" data-testid="zone-list">
          {zones.map((z) => (
            <ZoneItem key={z.zoneId} zone={z} now={now} canDelete={!replaying} />
          ))}
        </ul>
      )}
    </section>
  );
}
