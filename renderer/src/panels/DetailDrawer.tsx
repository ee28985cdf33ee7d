import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../../shared/getOwn';
import { ui, useUi } from '../store/uiStore';
import { useOpNow, usePendingActions } from './common';
import { CrossingDetail } from './drawer/CrossingDetail';
import { IncidentDetail } from './drawer/IncidentDetail';
import { SectorDetail } from './drawer/SectorDetail';
import { UnitDetail } from './drawer/UnitDetail';

/** Everything about the selected incident, unit, sector or crossing, with the actions on it. */
export function DetailDrawer() {
  const { t } = useTranslation('drawer');
  const selection = useUi((s) => s.selection);
  const incidents = useUi((s) => s.state.incidents);
  const units = useUi((s) => s.state.units);
  const sectors = useUi((s) => s.state.sectors);
  const crossings = useUi((s) => s.state.crossings);
  const opNow = useOpNow();
  const pending = usePendingActions();
  if (selection === null) return null;

  let body: ReactNode;
  switch (selection.kind) {
    case 'incident': {
      const incident = getOwn(incidents, selection.id);
      body = incident && (
        <IncidentDetail
          incident={incident}
          incidents={incidents}
          units={units}
          sectors={sectors}
          crossings={crossings}
          pending={pending}
          opNow={opNow}
        />
      );
      break;
    }
    case 'unit': {
      const unit = getOwn(units, selection.id);
      body = unit && (
        <UnitDetail unit={unit} incidents={incidents} sectors={sectors} crossings={crossings} opNow={opNow} />
      );
      break;
    }
    case 'sector': {
      const sector = getOwn(sectors, selection.id);
      body = sector && <SectorDetail sector={sector} units={units} incidents={incidents} opNow={opNow} />;
      break;
    }
    case 'crossing': {
      const crossing = getOwn(crossings, selection.id);
      body = crossing && (
        <CrossingDetail
          crossing={crossing}
          units={units}
          incidents={incidents}
          sectors={sectors}
          opNow={opNow}
        />
      );
      break;
    }
  }

  return (
    <aside
      className="wf-drawer"
      data-testid="detail-drawer"
      data-kind={selection.kind}
      data-id={selection.id}
      aria-label={t('ariaLabel')}
    >
      <header className="wf-drawer-header">
        <span className="wf-drawer-kind">{t(`kind.${selection.kind}`)}</span>
        <button
          type="button"
          className="wf-button wf-button-quiet"
          data-testid="drawer-close"
          aria-label={t('close')}
          onClick={() => ui.select(null)}
        >
          {/* eslint-disable-next-line i18next/no-literal-string -- a glyph, not text: the button's name is its aria-label */}
          {'✕'}
        </button>
      </header>
      <div className="wf-drawer-body">
        {body ?? <p className="wf-muted-text">{t(`notInPicture.${selection.kind}`, { id: selection.id })}</p>}
      </div>
    </aside>
  );
}
