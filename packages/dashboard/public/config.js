/* global window */
// Run-time settings of the Pipeline Monitor dashboard, read before the app starts.
// The server may serve its own /config.js instead; otherwise edit this file after the build.
//   apiUrl:     base URL of the monitor API (default: the page's own origin)
//   token:      access token, when the server sets AUTH_TOKENS
//   intervalMs: polling interval while WebSocket and SSE are unavailable
// Example: window.__MONITOR_CONFIG__ = { apiUrl: 'https://monitor.example.org' };
window.__MONITOR_CONFIG__ = window.__MONITOR_CONFIG__ || {};
