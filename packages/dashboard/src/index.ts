// The dashboard is an application; these exports let another React app embed its parts.
export { Dashboard, type DashboardProps } from './components/dashboard';
export { resolveMonitorConfig, type MonitorConfig, type InjectedMonitorConfig } from './config';
export { CONNECTION_LABELS, describeConnection, type ConnectionLabel } from './connection-label';
export type { MonitorSnapshot } from './snapshot';
