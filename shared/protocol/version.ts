/** The feed protocol version this build speaks; sent in the handshake and checked by the server. */
export const PROTOCOL_VERSION = 1;
