/**
 * The merge patch functions live in @naija-monitor/protocol (the live protocol v2 and its clients
 * use them too); this re-export keeps the history's imports where they are.
 */
export {
  applyMergePatch,
  createMergePatch,
  isJsonObject,
  jsonEqual,
  putMember,
  type Json,
  type JsonObject,
} from '@naija-monitor/protocol';
