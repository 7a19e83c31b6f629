/**
 * Status intelligence: anomalies from the data and alerts with a lifecycle. The status engine
 * calls {@link createStatusIntelligence}'s `evaluateAndRecord` once per computation (it
 * writes alert history and sends webhooks).
 */
export { createStatusIntelligence } from './evaluate-and-record';
export type { StatusIntelligence, StatusIntelligenceOptions } from './evaluate-and-record';
export { AlertEngine } from './alert-engine';
export type { AlertEngineOptions, AlertEvaluation, AlertNotifier } from './alert-engine';
export { defaultAlertRules, defaultInhibitRules } from './default-rules';
export { signalRule, thresholdRule } from './rules';
export type {
  AlertNotification,
  AlertRecord,
  AlertRule,
  InhibitRule,
  MonitorSample,
  Silence,
} from './types';
