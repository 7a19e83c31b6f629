/** The codec lives in @naija-monitor/protocol (shared with the live protocol v2). */
export { decodeJson, encodeJson } from '@naija-monitor/protocol';
