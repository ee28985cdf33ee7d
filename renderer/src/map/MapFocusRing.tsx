import { useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isUnacknowledged } from '../../../shared/domainRules';
import { getOwn } from '../../../shared/getOwn';
import type { Incident, Unit } from '../../../shared/state';
import { label, t as translate } from '../i18n/i18n';
import { ui, useUi } from '../store/uiStore';
import { attachedMap, targetAt } from './mapActions';
import { mapCursor, useMapCursor, type MapTarget } from './mapObjectCursor';
import './mapFocus.css';

/** What a screen reader says of the object under the cursor, and the ring's name. */
function describe(
  target: MapTarget,
  record: Incident | Unit | undefined,
  position: number,
  count: number,
): string {
  if (!record) return '';
  if (target.kind === 'incident') {
    const incident = record as Incident;
    return translate('map:keyboard.incident', {
      position,
      count,
      priority: translate('common:priorityShort', { priority: incident.priority }),
      category: label('incidentCategory', incident.category),
      title: incident.title,
      state: isUnacknowledged(incident)
        ? translate('map:keyboard.unacknowledged')
        : label('incidentStatus', incident.status),
    });
  }
  const unit = record as Unit;
  return translate('map:keyboard.unit', {
    position,
    count,
    callsign: unit.callsign,
    agency: label('agency', unit.agency),
    status: label('unitStatus', unit.status),
  });
}

/**
 * The keyboard cursor drawn on the map: a ring round the object that holds the focus (Enter opens
 * the object's drawer, Esc takes the ring off), and a polite live region that says where it is.
 * It follows the map as it moves and a unit as it reports.
 */
export function MapFocusRing() {
  useTranslation('map');
  const cursor = useMapCursor();
  const target = cursor.target;
  const record = useUi((s) =>
    target === null
      ? undefined
      : target.kind === 'incident'
        ? getOwn(s.state.incidents, target.id)
        : getOwn(s.state.units, target.id),
  );
  // Redrawn as the map moves, so the ring stays on its object.
  const [, moved] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const map = attachedMap();
    if (!map || target === null) return;
    map.on('move', moved);
    return () => void map.off('move', moved);
  }, [target]);
  const ringRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (cursor.serial > 0) ringRef.current?.focus({ preventScroll: true });
  }, [cursor.serial]);

  const text = target ? describe(target, record, cursor.position, cursor.count) : '';
  const at = target && record ? targetAt(target) : null;
  const map = attachedMap();
  const point = at && map ? map.project(at) : null;
  return (
    <>
      <div className="wf-sr-only" role="status" aria-live="polite" data-testid="map-cursor-status">
        {text}
      </div>
      {target && point && (
        <button
          ref={ringRef}
          type="button"
          className="wf-map-focus"
          style={{ left: point.x, top: point.y }}
          aria-label={text}
          title={text}
          data-testid="map-focus-ring"
          data-kind={target.kind}
          data-id={target.id}
          onClick={() => ui.select({ kind: target.kind, id: target.id })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') mapCursor.clear();
          }}
        />
      )}
    </>
  );
}
