import { z } from 'zod';
import { basemapSettingSchema, type BasemapView } from './basemap';
import type { CoreStatus, OutboxEntry } from './coreTypes';
import { issuedCommandSchema } from './protocol/messages';
import { epochMsSchema, idSchema, labelSchema, textSchema } from './protocol/primitives';
import {
  ACKED_PUSHES,
  type INVOKE_CHANNEL_NAMES,
  IPC_PREFIX,
  PUSH_CHANNEL_NAMES,
  type SEND_CHANNEL_NAMES,
} from './ipcChannels';
import {
  EXPORT_KINDS,
  type ExportedFile,
  type ReplaySourceInfo,
  type SeekResult,
  type TimelineBookmark,
  type TimelineSummary,
} from './replay';
import {
  DEFAULT_PREFERENCES,
  FILE_PURPOSES,
  LANGUAGES,
  layoutSchema,
  profileIdSchema,
  profileInputSchema,
  type ConnectionTestResult,
  type Language,
  type TimeZone,
  type SettingsView,
} from './settings';
import type { OperationState } from './state';
import type { TakLayerView } from './tak';
import type { PositionFrame } from './positionFrame';
import type { PictureDelta } from './pictureDelta';
import type { TrailPoint } from './trails';
import { OVERLAY_FORMATS, type OverlayCollection, type OverlaySummary } from './overlay';
import type { CoreMessage } from './coreMessage';

/**
 * The one contract between the UI and the core, carried by Electron IPC in the desktop app and by
 * the browser host's local socket. Every argument is validated with these schemas where it
 * arrives in the main process (or the host), whatever the renderer claims to send.
 */

/** Settings the UI needs to draw the picture. */
export interface ViewSettings {
  /** A unit is drawn as stale after this long without a report, and as lost contact after the second. */
  staleAfterMs: number;
  lostContactAfterMs: number;
  /** Who the officer at this workstation is, as written in the log of their actions. */
  operator: string;
  /** A tone for every new priority 1 or 2 incident (the officer can still mute it for the session). */
  alertSounds: boolean;
  language: Language;
  /** The zone times are shown in (each time says which). */
  timeZone: TimeZone;
  /** The basemap to draw; absent: the built-in one. */
  basemap?: BasemapView;
}

/** The view settings of a workstation that has not changed its preferences. */
export const DEFAULT_VIEW_SETTINGS: ViewSettings = {
  staleAfterMs: DEFAULT_PREFERENCES.staleAfterMinutes * 60_000,
  lostContactAfterMs: DEFAULT_PREFERENCES.lostContactAfterMinutes * 60_000,
  operator: DEFAULT_PREFERENCES.operator,
  alertSounds: DEFAULT_PREFERENCES.alertSounds,
  language: DEFAULT_PREFERENCES.language,
  timeZone: DEFAULT_PREFERENCES.timeZone,
};

/** Everything the UI needs at start; after that it follows pushes. */
export interface HostSnapshot {
  state: OperationState;
  status: CoreStatus;
  outbox: OutboxEntry[];
  settings: ViewSettings;
}

/** The argument schema of every invoke channel. Strict: a key the contract does not know is refused. */
export const invokeArgSchemas = {
  'core:snapshot': z.strictObject({}),
  'core:trails': z.strictObject({
    sinceTs: epochMsSchema,
    unitIds: z.array(idSchema).max(10_000).optional(),
  }),
  /**
   * An officer's action: one of the feed protocol's commands (shared/protocol/messages.ts), its
   * payload checked by that command's schema. Answers the command id; the effect arrives as events.
   */
  'ops:issue': issuedCommandSchema,
  /** Replay: incident density over the whole operation, in this many bins, and the bookmarks. */
  'replay:timeline': z.strictObject({ bins: z.number().int().min(1).max(2000) }),
  /** Replay: the picture at a moment; `exact` adds the trails (a seek or a pause, not a step of playback). */
  'replay:seek': z.strictObject({
    at: epochMsSchema,
    // An hour of every unit's reports is already a million rows in a large operation.
    trailWindowMs: z.number().int().min(0).max(3_600_000),
    exact: z.boolean(),
    /** The page holds no picture yet (it entered replay, or reloaded): send the whole picture. */
    fresh: z.boolean().optional(),
  }),
  /** Replay: the next or previous incident or bookmark from a moment. */
  'replay:step': z.strictObject({
    from: epochMsSchema,
    direction: z.union([z.literal(1), z.literal(-1)]),
    target: z.enum(['incident', 'bookmark', 'any']),
  }),
  /** Replay the live store again (after an archive). */
  'replay:useLive': z.strictObject({}),
  /**
   * Replay an archive, read only. The desktop app asks with its own file dialog and ignores
   * `path`; the browser host, which has no dialog, takes an absolute path typed by the user.
   */
  'replay:openArchive': z.strictObject({ path: z.string().min(1).max(4096).optional() }),
  /** A bookmark kept on this workstation; `share` also sends it to the operation (live store only). */
  'replay:addBookmark': z.strictObject({
    label: labelSchema,
    at: epochMsSchema,
    note: textSchema.optional(),
    share: z.boolean(),
  }),
  'replay:removeBookmark': z.strictObject({ bookmarkId: idSchema }),
  /** Writes an export of the replayed operation (the period, when given) to a file. */
  'export:write': z
    .strictObject({
      kind: z.enum(EXPORT_KINDS),
      from: epochMsSchema.optional(),
      to: epochMsSchema.optional(),
      /** The report's language (report.html); the officer's interface language when absent. */
      language: z.enum(LANGUAGES).optional(),
    })
    .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, {
      message: 'the period must end after it starts',
    }),
  /**
   * The after-action report as PDF: the desktop app prints it itself; the browser host cannot. In
   * `language`, the officer's interface language when absent.
   */
  'report:pdf': z
    .strictObject({
      from: epochMsSchema.optional(),
      to: epochMsSchema.optional(),
      language: z.enum(LANGUAGES).optional(),
    })
    .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, {
      message: 'the period must end after it starts',
    }),
  /** The workstation's settings: profiles (never their secrets), preferences, the secret store in use. */
  'settings:get': z.strictObject({}),
  /** Adds or changes a connection profile; a change to the one in use reconnects. */
  'settings:saveProfile': z.strictObject({ profile: profileInputSchema }),
  /** Deletes a profile and its secrets; its store file is kept. */
  'settings:deleteProfile': z.strictObject({ profileId: profileIdSchema }),
  /** Connects with a profile (the page reloads onto its picture); `token` where none is kept. */
  'settings:activate': z.strictObject({ profileId: profileIdSchema, token: z.string().max(8192).optional() }),
  /** Officer, staleness thresholds, alert sounds, language: checked by the core, not trusted from here. */
  'settings:setPreferences': z.strictObject({ preferences: z.record(z.string().max(64), z.unknown()) }),
  /** The first-run screen was answered. */
  'settings:finishFirstRun': z.strictObject({}),
  /** The centre's basemap: checked (file opened, style fetched) by the core before it is kept. */
  'settings:setBasemap': z.strictObject({ basemap: basemapSettingSchema }),
  /** Tries a profile as the form holds it, without saving or switching. */
  'settings:testConnection': z.strictObject({ profile: profileInputSchema }),
  /** The desktop app's own file dialog for a certificate file; the browser host has none (null). */
  'settings:chooseFile': z.strictObject({ purpose: z.enum(FILE_PURPOSES) }),
  /** Remembers the panels' arrangement. */
  'settings:saveLayout': z.strictObject({ layout: layoutSchema }),
  /** Version, status and recent log lines for a support ticket, with every secret blacked out. */
  'diagnostics:get': z.strictObject({}),
  /** The page's command list, so the desktop app's menus come from the same list as the palette. */
  'ui:setMenu': z.strictObject({
    commands: z
      .array(
        z.strictObject({
          id: z
            .string()
            .regex(/^[a-z][a-zA-Z.]*$/)
            .max(64),
          label: labelSchema,
          shortcut: z.string().max(32).optional(),
        }),
      )
      .max(100),
  }),
  /**
   * Overlays (shared/overlay.ts). The desktop app's own file dialog for an overlay file: it answers
   * the file's name and bytes (the page converts them); the browser host has no dialog (null: the
   * page reads a file the officer picks in it).
   */
  'overlay:chooseFile': z.strictObject({}),
  /**
   * Keeps an overlay for the operation: the page's conversion of a file, checked again by the core
   * (checkOverlayCollection) whatever the page sends; refused over the caps.
   */
  'overlay:add': z.strictObject({
    name: labelSchema,
    format: z.enum(OVERLAY_FORMATS),
    collection: z.unknown(),
  }),
  /** The operation's overlays, without their features. */
  'overlay:list': z.strictObject({}),
  /** One overlay's features, to draw. */
  'overlay:features': z.strictObject({ overlayId: idSchema }),
  'overlay:setVisible': z.strictObject({ overlayId: idSchema, visible: z.boolean() }),
  'overlay:remove': z.strictObject({ overlayId: idSchema }),
  /** The TAK layer: live (no `at`), or as it was at a replayed moment of the source replayed. */
  'tak:layer': z.strictObject({ at: epochMsSchema.optional() }),
} as const;

/** What each invoke channel answers. */
export interface InvokeResults {
  'core:snapshot': HostSnapshot;
  'core:trails': Record<string, TrailPoint[]>;
  'ops:issue': { commandId: string };
  'replay:timeline': TimelineSummary;
  'replay:seek': SeekResult;
  'replay:step': { at: number | null };
  'replay:useLive': ReplaySourceInfo;
  'replay:openArchive': ReplaySourceInfo;
  'replay:addBookmark': TimelineBookmark;
  'replay:removeBookmark': { removed: boolean };
  'export:write': ExportedFile;
  'report:pdf': ExportedFile;
  'settings:get': SettingsView;
  'settings:saveProfile': SettingsView;
  'settings:deleteProfile': SettingsView;
  'settings:activate': SettingsView;
  'settings:setPreferences': SettingsView;
  'settings:finishFirstRun': SettingsView;
  'settings:setBasemap': SettingsView;
  'settings:testConnection': ConnectionTestResult;
  'settings:chooseFile': { path: string | null };
  'settings:saveLayout': { saved: boolean };
  'diagnostics:get': { text: string };
  'ui:setMenu': { shown: boolean };
  'overlay:chooseFile': { fileName: string; bytes: Uint8Array } | null;
  'overlay:add': OverlaySummary;
  'overlay:list': { operationId: string; overlays: OverlaySummary[] };
  'overlay:features': OverlayCollection;
  'overlay:setVisible': { changed: boolean };
  'overlay:remove': { removed: boolean };
  'tak:layer': TakLayerView;
}

/** Every invoke channel. */
export type InvokeChannel = keyof typeof invokeArgSchemas;
// The name list the preload uses must be exactly the schema map's keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _invokeNamesAgree: Same<InvokeChannel, (typeof INVOKE_CHANNEL_NAMES)[number]> = true;
const _pushNamesAgree: Same<keyof Pushes, (typeof PUSH_CHANNEL_NAMES)[number]> = true;
void _invokeNamesAgree;
void _pushNamesAgree;
/** The argument of an invoke channel. */
export type InvokeArg<K extends InvokeChannel> = z.input<(typeof invokeArgSchemas)[K]>;
/** The channels as a list, for the hosts that register them and the tests that enumerate them. */
export const INVOKE_CHANNELS = Object.keys(invokeArgSchemas) as InvokeChannel[];

/** What the core pushes to the UI. */
export interface Pushes {
  /** The picture's changes, batched (shared/pictureDelta.ts: the same form replay's seeks use). */
  'state:delta': PictureDelta;
  /**
   * Where every unit is, as typed arrays (ArrayBuffers: structured clone over Electron IPC, binary
   * attachments over socket.io), at most 4 a second; checked on arrival with positionFrameProblem.
   */
  'positions:frame': PositionFrame;
  'status:changed': CoreStatus;
  'outbox:changed': OutboxEntry[];
  /** A menu item was chosen: run the page's command with this id. */
  'ui:command': { id: string };
  /** The preferences the picture uses changed. */
  'settings:changed': ViewSettings;
  /** The workstation switched to another profile's core: the page starts over on it. */
  'host:reload': { reason: string };
  /** The live TAK layer changed (tracks, link), at most twice a second. */
  'tak:changed': TakLayerView;
}
/** Every push channel. */
export type PushChannel = keyof Pushes;
/** The push channels as a list. */
export const PUSH_CHANNELS: readonly PushChannel[] = PUSH_CHANNEL_NAMES;

/** A command as the desktop menu shows it. */
export type MenuCommand = z.output<(typeof invokeArgSchemas)['ui:setMenu']>['commands'][number];

/** An answer on an invoke channel: the result, or an error in words for the officer. */
export type InvokeOutcome<K extends InvokeChannel> =
  | { ok: true; value: InvokeResults[K] }
  /** `error` the English sentence (logs, an older page); `message` what the page shows, in its language. */
  | { ok: false; error: string; message?: CoreMessage };

/**
 * The API the page sees (`window.watchfloor` in the desktop app; built over the socket in the
 * browser host). Only these two functions and two constants: no raw IPC reaches the page.
 */
export interface WatchfloorApi {
  readonly protocolVersion: number;
  readonly host: 'electron' | 'browser';
  invoke<K extends InvokeChannel>(channel: K, arg: InvokeArg<K>): Promise<InvokeOutcome<K>>;
  on<K extends PushChannel>(channel: K, listener: (payload: Pushes[K]) => void): () => void;
}

/**
 * The argument schema of every send channel (page -> core, no answer). Strict, like the invoke
 * channels; a bad argument is ignored and logged, never answered.
 */
export const sendArgSchemas = {
  /** The page has push number `n` of this kind (given with the push): the next may go. */
  'push:ack': z.strictObject({
    kind: z.enum(Object.values(ACKED_PUSHES)),
    n: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
} as const;
/** Every send channel. */
export type SendChannel = keyof typeof sendArgSchemas;
const _sendNamesAgree: Same<SendChannel, (typeof SEND_CHANNEL_NAMES)[number]> = true;
void _sendNamesAgree;
/** The page's answer to a numbered push. */
export type PushAck = z.output<(typeof sendArgSchemas)['push:ack']>;

export { IPC_PREFIX };
export type { TrailPoint };
