/**
 * The part of `@tak-ps/node-cot` 12.35 that Watchfloor uses. The package ships its TypeScript
 * sources ("types": "index.ts") but no declarations, and its "exports" map has no "types"
 * condition, so TypeScript cannot find any types; compiling its sources with this project's strict
 * options is not an option either. Names and shapes follow lib/cot.ts and lib/types/types.ts.
 */
declare module '@tak-ps/node-cot' {
  type Value = string | number;

  export interface CoTEventAttributes {
    version: string;
    uid: string;
    type: string;
    how?: string;
    access?: string;
    qos?: string;
    opex?: string;
    time: string;
    start: string;
    stale: string;
  }

  /** The xml-js "compact" tree of an event. */
  export interface CoTRaw {
    event: {
      _attributes: CoTEventAttributes;
      point: { _attributes: { lat: Value; lon: Value; hae: Value; ce: Value; le: Value } };
      detail?: {
        contact?: { _attributes: { callsign?: string } & Record<string, Value | undefined> };
        remarks?: { _attributes?: Record<string, Value>; _text?: Value; _cdata?: string };
        track?: { _attributes: { course?: Value; speed?: Value; slope?: Value } };
        [element: string]: unknown;
      };
    };
  }

  /** A GeoJSON point feature as from_geojson takes it (the properties used here). */
  export interface CoTInputFeature {
    type: 'Feature';
    id?: string;
    properties: {
      type?: string;
      how?: string;
      callsign?: string;
      time?: string;
      start?: string;
      stale?: string;
      remarks?: string;
      course?: number;
      speed?: number;
      [property: string]: unknown;
    };
    geometry: { type: 'Point'; coordinates: number[] };
  }

  export interface CoTFeature {
    id: string;
    type: 'Feature';
    properties: Record<string, unknown> & { type: string; callsign: string; time: string; stale: string };
    geometry: { type: string; coordinates: unknown };
  }

  export default class CoT {
    /** Parses XML (throws on ill-formed XML or an event the schema refuses). */
    constructor(cot: string | Buffer | CoTRaw);
    raw: CoTRaw;
    uid(uid?: string): string;
    type(type?: string): string;
    callsign(callsign?: string): string;
    to_xml(): string;
    to_geojson(): CoTFeature;
    is_stale(): boolean;
    is_friend(): boolean;
    is_hostile(): boolean;
    static from_geojson(feature: CoTInputFeature): CoT;
  }
}
