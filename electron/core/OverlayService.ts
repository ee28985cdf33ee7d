import { randomUUID } from 'node:crypto';
import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import {
  checkOverlayCollection,
  OVERLAY_LIMITS,
  OverlayRefusal,
  overlayText,
  overlayVertexCount,
  type OverlayCollection,
  type OverlayFormat,
  type OverlaySummary,
} from '../../shared/overlay';
import type { OverlayStore } from './store/Overlays';

/**
 * The operation's overlays as the contract serves them: whatever the page sends is checked again
 * here (the same check the page ran, linear and capped, so a hostile page cannot make the core
 * keep or spend more than the caps allow), then kept per operation in the store.
 */
export class OverlayService {
  constructor(
    private readonly store: OverlayStore,
    /** The operation the overlays belong to (the live store's). */
    private readonly operationId: () => string,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = randomUUID,
  ) {}

  list(): { operationId: string; overlays: OverlaySummary[] } {
    const operationId = this.operationId();
    return { operationId, overlays: this.store.list(operationId) };
  }

  add(name: string, format: OverlayFormat, value: unknown): OverlaySummary {
    const operationId = this.operationId();
    if (this.store.list(operationId).length >= OVERLAY_LIMITS.maxPerOperation)
      throw new Error(
        `This operation already has ${OVERLAY_LIMITS.maxPerOperation} overlays: remove one before opening another.`,
      );
    const collection = checkOverlayCollection(value);
    const geojson = JSON.stringify(collection);
    if (geojson.length > OVERLAY_LIMITS.maxBytes)
      throw new OverlayRefusal('tooBig', `${geojson.length} characters`);
    const summary: OverlaySummary = {
      overlayId: this.newId(),
      operationId,
      name: overlayText(name, OVERLAY_LIMITS.maxNameLength) ?? format.toUpperCase(),
      format,
      featureCount: collection.features.length,
      vertexCount: overlayVertexCount(collection),
      visible: true,
      addedAt: this.now(),
    };
    this.store.add(summary, geojson);
    return summary;
  }

  features(overlayId: string): OverlayCollection {
    const collection = this.store.features(overlayId);
    if (!collection) throw new Error('There is no such overlay (it was removed).');
    return collection;
  }

  setVisible(overlayId: string, visible: boolean): { changed: boolean } {
    return { changed: this.store.setVisible(overlayId, visible) };
  }

  remove(overlayId: string): { removed: boolean } {
    return { removed: this.store.remove(overlayId) };
  }
}

/**
 * Reads a file the officer chose in the desktop app's dialog, refusing an empty one or one over
 * the cap before reading it (the size from the open file, so it cannot change in between).
 */
export function readOverlayFile(path: string): { fileName: string; bytes: Uint8Array } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new OverlayRefusal('empty');
    if (size > OVERLAY_LIMITS.maxBytes) throw new OverlayRefusal('tooBig', `${size} bytes`);
    const bytes = new Uint8Array(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { fileName: basename(path), bytes: bytes.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}
