// Constants of the wire messages, in a module of their own so a client bundle that needs them
// (and the compiled validators) never pulls in the TypeBox schemas of messages.ts.

/** `type` of the live update envelope (existing clients match on it). */
export const STATUS_UPDATE_TYPE = 'pipeline_status_update';
