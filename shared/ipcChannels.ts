/**
 * The IPC channel names alone, without schemas, so the sandboxed preload can check a channel
 * without bundling the validation library. shared/ipc.ts checks at compile time that these lists
 * and its schema map agree.
 */

/** Prefix of every IPC channel, so nothing else can be reached through the preload. */
export const IPC_PREFIX = 'watchfloor:';

/** The request channels (page -> core). */
export const INVOKE_CHANNEL_NAMES = [
  'core:snapshot',
  'core:trails',
  'ops:issue',
  'replay:timeline',
  'replay:seek',
  'replay:step',
  'replay:useLive',
  'replay:openArchive',
  'replay:addBookmark',
  'replay:removeBookmark',
  'export:write',
  'report:pdf',
  'settings:get',
  'settings:saveProfile',
  'settings:deleteProfile',
  'settings:activate',
  'settings:setPreferences',
  'settings:finishFirstRun',
  'settings:setBasemap',
  'settings:testConnection',
  'settings:chooseFile',
  'settings:saveLayout',
  'diagnostics:get',
  'ui:setMenu',
  'overlay:chooseFile',
  'overlay:add',
  'overlay:list',
  'overlay:features',
  'overlay:setVisible',
  'overlay:remove',
  'tak:layer',
] as const;

/** The push channels (core -> page). */
export const PUSH_CHANNEL_NAMES = [
  'state:delta',
  'positions:frame',
  'status:changed',
  'outbox:changed',
  'ui:command',
  'settings:changed',
  'host:reload',
  'tak:changed',
] as const;

/**
 * The send channels (page -> core, no answer). `push:ack`: the page has the numbered position frame
 * or picture delta, so the desktop app's send window may let the next one go (the browser host
 * gets the same answer through socket.io's acknowledgement).
 */
export const SEND_CHANNEL_NAMES = ['push:ack'] as const;

/** The pushes the page answers on arrival, and the kind its answer names. */
export const ACKED_PUSHES = { 'positions:frame': 'frame', 'state:delta': 'delta' } as const;
