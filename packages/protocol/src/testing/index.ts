// Test helpers, on their own entry point (`@naija-monitor/protocol/testing`) so that no
// fixture ever lands in a bundle that imports the protocol's main entry.
export * from './status-document';
