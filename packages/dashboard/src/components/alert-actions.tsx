import { useId, useState, type FormEvent } from 'react';
import type { Alert } from '@naija-monitor/protocol';
import { useConsole } from '../console/console-context';
import { SILENCE_DURATIONS, STRINGS } from '../console/strings';
import type { Silence } from '../console/types';
import { formatDateTime } from '../format';

/** Props of {@link AlertActions}. */
export interface AlertActionsProps {
  alert: Alert;
}

/** The silence in force that mutes this alert: one on its fingerprint, else one on its rule. */
export function silenceFor(alert: Alert, silences: readonly Silence[]): Silence | null {
  return (
    silences.find(
      (silence) =>
        silence.active &&
        ((alert.fingerprint !== undefined && silence.matchers.fingerprint === alert.fingerprint) ||
          (Object.keys(silence.matchers).length === 1 && silence.matchers.rule === alert.type)),
    ) ?? null
  );
}

const MAX_CUSTOM_HOURS = 30 * 24;

/**
 * Who acknowledged or silenced an alert and until when, and (with an admin session) the
 * buttons to act: Acknowledge / Un-acknowledge, Silence 1 h / 4 h / 24 h / custom with a
 * comment, Unsilence. Without a session the buttons are absent; the panel says why once.
 */
export function AlertActions({ alert }: AlertActionsProps) {
  const context = useConsole();
  const formId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [silencing, setSilencing] = useState(false);
  const [seconds, setSeconds] = useState(SILENCE_DURATIONS[0]!.seconds);
  const [customHours, setCustomHours] = useState('');
  const [comment, setComment] = useState('');
  if (!context) return null;
  const { api, admin, silences, afterAction } = context;
  const silence = silenceFor(alert, silences);
  const state = alert.state ?? 'firing';
  // A replayed document is history: act on the live alerts only.
  const open = state !== 'resolved' && context.view.at === null;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setSilencing(false);
      setComment('');
      afterAction();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The action failed.');
    } finally {
      setBusy(false);
    }
  };

  const submitSilence = (event: FormEvent) => {
    event.preventDefault();
    if (!admin) return;
    const duration = seconds > 0 ? seconds : Math.round(Number(customHours) * 3600);
    if (!Number.isFinite(duration) || duration < 60 || duration > MAX_CUSTOM_HOURS * 3600) {
      setError(`Give a custom length between 0.02 and ${MAX_CUSTOM_HOURS} hours.`);
      return;
    }
    if (comment.trim() === '') {
      setError('Say why in the comment: the next operator reads it.');
      return;
    }
    const matchers: Record<string, string> = alert.fingerprint
      ? { fingerprint: alert.fingerprint }
      : { rule: alert.type };
    void run(() => api.silence(matchers, duration, comment.trim()));
  };

  return (
    <div className="alert-actions" data-testid="alert-actions">
      {(silence || alert.silenced) && (
        <p className="alert-actions__note" data-testid="alert-silenced">
          Silenced
          {silence && (
            <>
              {' '}
              by {silence.created_by} until{' '}
              <time dateTime={silence.ends_at}>{formatDateTime(silence.ends_at)}</time>
              {silence.comment && <> — “{silence.comment}”</>}
            </>
          )}
        </p>
      )}
      {alert.acknowledged && (
        <p className="alert-actions__note" data-testid="alert-acknowledged">
          Acknowledged{alert.acknowledged_by ? ` by ${alert.acknowledged_by}` : ''}
        </p>
      )}
      {admin && open && (
        <div className="alert-actions__buttons">
          {alert.acknowledged ? (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => void run(() => api.unacknowledge(alert.id))}
            >
              {STRINGS.unacknowledge}
            </button>
          ) : (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => void run(() => api.acknowledge(alert.id))}
            >
              {STRINGS.acknowledge}
            </button>
          )}
          {silence ? (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => void run(() => api.unsilence(silence.id))}
            >
              {STRINGS.unsilence}
            </button>
          ) : (
            <button
              type="button"
              className="button button--small"
              aria-expanded={silencing}
              aria-controls={formId}
              disabled={busy}
              onClick={() => setSilencing((now) => !now)}
            >
              {STRINGS.silence}
            </button>
          )}
        </div>
      )}
      {admin && open && silencing && !silence && (
        <form className="silence-form" id={formId} onSubmit={submitSilence}>
          <fieldset className="silence-form__lengths">
            <legend>Silence for</legend>
            {SILENCE_DURATIONS.map((choice) => (
              <label key={choice.seconds} className="choice">
                <input
                  type="radio"
                  name={`${formId}-length`}
                  checked={seconds === choice.seconds}
                  onChange={() => setSeconds(choice.seconds)}
                />
                {choice.label}
              </label>
            ))}
            <label className="choice">
              <input
                type="radio"
                name={`${formId}-length`}
                checked={seconds === 0}
                onChange={() => setSeconds(0)}
              />
              custom
            </label>
            {seconds === 0 && (
              <label className="field field--inline">
                <span>hours</span>
                <input
                  type="number"
                  min="0.1"
                  max={MAX_CUSTOM_HOURS}
                  step="0.5"
                  value={customHours}
                  onChange={(event) => setCustomHours(event.target.value)}
                />
              </label>
            )}
          </fieldset>
          <label className="field">
            <span>{STRINGS.silenceComment}</span>
            <input
              type="text"
              maxLength={1000}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--small button--primary" disabled={busy}>
            {STRINGS.silence} alert
          </button>
        </form>
      )}
      {error && (
        <p className="alert-actions__error text-bad" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
