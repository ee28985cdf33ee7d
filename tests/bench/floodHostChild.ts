/**
 * The flood bench's browser host (tests/bench/floodChildren.ts): `node --import tsx
 * floodHostChild.ts <dataDir> <rendererDir> <feedUrl>` starts the browser host on the given
 * renderer (this checkout's out/renderer, or a baseline's) with a fixed link to the reference
 * server, as the other benches' openHost does, and says `ready` with the page's url.
 */
import { join } from 'node:path';
import { startBrowserHost } from '../../electron/browserHost';
import { CHILD_TOKEN, stopOnRequest, tell } from './floodChildren';

const [dataDir, rendererDir, feedUrl] = process.argv.slice(2);
if (!dataDir || !rendererDir || !feedUrl)
  throw new Error('floodHostChild: <dataDir> <rendererDir> <feedUrl>');
const host = await startBrowserHost({
  port: 0,
  rendererDir,
  geoDir: join(process.cwd(), 'resources', 'geo'),
  dataDir,
  storePath: join(dataDir, 'store.sqlite'),
  operator: 'Bench officer',
  feed: { url: feedUrl, token: CHILD_TOKEN },
  settings: { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000 },
});
stopOnRequest(() => host.close());
tell({ type: 'ready', url: host.url });
