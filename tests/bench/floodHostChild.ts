/**
 * The flood bench's browser host (tests/bench/floodChildren.ts): `node --import tsx
 * floodHostChild.ts <dataDir> <rendererDir> <feedUrl>` starts the browser host on the given
 * renderer (this checkout's out/renderer, or a baseline's) with a fixed link to the reference
 * server, as the other benches' openHost does, and says `ready` with the page's url;
 * `{type: 'lastSeq'}` is answered with the last seq its core has committed.
 */
import { join } from 'node:path';
import { startBrowserHost } from '../../electron/browserHost';
import { CHILD_TOKEN, stopOnRequest, tell, type ChildMessage } from './floodChildren';

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
// How far the host's core has got: splits a page behind the server into host and page.
process.on('message', (raw) => {
  const message = raw as ChildMessage;
  if (message.type === 'lastSeq')
    tell({ type: 'lastSeq', id: message.id, lastSeq: host.core.status.lastSeq });
});
tell({ type: 'ready', url: host.url });
