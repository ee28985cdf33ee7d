import {
  OVERLAY_FORMATS,
  type OverlayCollection,
  type OverlayFormat,
  type OverlaySummary,
} from '../../../shared/overlay';
import type { TimedDatabase } from './TimedDatabase';

/** Reading the overlays kept on this workstation. */
export interface OverlayReader {
  /** An operation's overlays, oldest first, without their features. */
  list(operationId: string): OverlaySummary[];
  /** One overlay's features; null when there is none with this id. */
  features(overlayId: string): OverlayCollection | null;
}

/** The overlays kept on this workstation, per operation. */
export interface OverlayStore extends OverlayReader {
  /** Keeps a checked overlay: `geojson` is its collection (shared/overlay.ts checkOverlayCollection) as JSON. */
  add(summary: OverlaySummary, geojson: string): void;
  /** Shows or hides an overlay; false when there is none with this id. */
  setVisible(overlayId: string, visible: boolean): boolean;
  /** Removes an overlay; false when there was none. */
  remove(overlayId: string): boolean;
}

interface Row {
  overlay_id: string;
  operation_id: string;
  name: string;
  format: string;
  feature_count: number;
  vertex_count: number;
  visible: number;
  added_at: number;
}

const isFormat = (value: string): value is OverlayFormat =>
  (OVERLAY_FORMATS as readonly string[]).includes(value);

/** The overlays table (migration 5). */
export class Overlays implements OverlayStore {
  constructor(private readonly db: TimedDatabase) {}

  list(operationId: string): OverlaySummary[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT overlay_id, operation_id, name, format, feature_count, vertex_count, visible, added_at
         FROM overlays WHERE operation_id = ? ORDER BY added_at, overlay_id`,
      )
      .all(operationId)
      .map((r) => ({
        overlayId: r.overlay_id,
        operationId: r.operation_id,
        name: r.name,
        format: isFormat(r.format) ? r.format : 'geojson',
        featureCount: r.feature_count,
        vertexCount: r.vertex_count,
        visible: r.visible !== 0,
        addedAt: r.added_at,
      }));
  }

  features(overlayId: string): OverlayCollection | null {
    const json = this.db
      .prepare<[string], { geojson: string }>('SELECT geojson FROM overlays WHERE overlay_id = ?')
      .get(overlayId)?.geojson;
    return json === undefined ? null : (JSON.parse(json) as OverlayCollection);
  }

  add(summary: OverlaySummary, geojson: string): void {
    this.db
      .prepare(
        `INSERT INTO overlays (overlay_id, operation_id, name, format, feature_count, vertex_count, visible, added_at, geojson)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        summary.overlayId,
        summary.operationId,
        summary.name,
        summary.format,
        summary.featureCount,
        summary.vertexCount,
        summary.visible ? 1 : 0,
        summary.addedAt,
        geojson,
      );
  }

  setVisible(overlayId: string, visible: boolean): boolean {
    return (
      this.db.prepare('UPDATE overlays SET visible = ? WHERE overlay_id = ?').run(visible ? 1 : 0, overlayId)
        .changes > 0
    );
  }

  remove(overlayId: string): boolean {
    return this.db.prepare('DELETE FROM overlays WHERE overlay_id = ?').run(overlayId).changes > 0;
  }
}
