import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OverlayCollection, OverlaySummary } from '../../../shared/overlay';
import { migrate, MIGRATIONS } from './migrations';
import { SqliteStore } from './SqliteStore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-overlays-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const POSTS: OverlayCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [19.9706, 46.1547] },
      properties: { name: 'Post Horgoš' },
    },
  ],
};

function summary(overlayId: string, operationId: string, addedAt: number): OverlaySummary {
  return {
    overlayId,
    operationId,
    name: `${overlayId}.kml`,
    format: 'kml',
    featureCount: 1,
    vertexCount: 1,
    visible: true,
    addedAt,
  };
}

describe('overlays in the store', () => {
  it('a store of the previous version gains the table, keeps what it held, and keeps overlays across a reopen', () => {
    const path = join(dir, 'v4.sqlite');
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 4));
    expect(old.pragma('user_version', { simple: true })).toBe(4);
    old
      .prepare(
        "INSERT INTO bookmarks (bookmark_id, operation_id, at, label, author, created_at) VALUES ('b-1', 'OP-SAVA', 1, 'Handover', 'Officer', 1)",
      )
      .run();
    old.close();

    const { store } = SqliteStore.open(path);
    expect(store.bookmarks.list('OP-SAVA').map((b) => b.label)).toEqual(['Handover']);
    expect(store.overlays.list('OP-SAVA')).toEqual([]);
    store.overlays.add(summary('o-2', 'OP-SAVA', 2_000), JSON.stringify(POSTS));
    store.overlays.add(summary('o-1', 'OP-SAVA', 1_000), JSON.stringify(POSTS));
    store.overlays.add(summary('o-3', 'OP-DRINA', 3_000), JSON.stringify(POSTS));
    expect(store.overlays.setVisible('o-2', false)).toBe(true);
    store.close();

    const { store: reopened } = SqliteStore.open(path);
    // Per operation, oldest first, with what was hidden still hidden.
    expect(reopened.overlays.list('OP-SAVA').map((o) => [o.overlayId, o.visible])).toEqual([
      ['o-1', true],
      ['o-2', false],
    ]);
    expect(reopened.overlays.list('OP-DRINA').map((o) => o.overlayId)).toEqual(['o-3']);
    expect(reopened.overlays.features('o-1')).toEqual(POSTS);
    expect(reopened.overlays.remove('o-1')).toBe(true);
    expect(reopened.overlays.remove('o-1')).toBe(false);
    expect(reopened.overlays.features('o-1')).toBeNull();
    expect(reopened.overlays.setVisible('o-1', true)).toBe(false);
    expect(reopened.overlays.list('OP-SAVA').map((o) => o.overlayId)).toEqual(['o-2']);
    reopened.close();
  });
});
