import { STRINGS } from '../console/strings';

/** What the browser allows; `unsupported` where there is no Notification API. */
export type NotifyPermission = NotificationPermission | 'unsupported';

/** Props of {@link NotifyButton}. */
export interface NotifyButtonProps {
  permission: NotifyPermission;
  enabled: boolean;
  onToggle: () => void;
}

/** Opt-in for a browser notification when an alert starts firing. */
export function NotifyButton({ permission, enabled, onToggle }: NotifyButtonProps) {
  if (permission === 'unsupported') return null;
  const blocked = permission === 'denied';
  return (
    <button
      type="button"
      className="button button--quiet"
      aria-pressed={enabled && !blocked}
      disabled={blocked}
      title={
        blocked
          ? 'The browser blocks notifications for this site; allow them in its settings.'
          : 'Notify me when an alert starts firing'
      }
      onClick={onToggle}
    >
      <span className="toolbar__label">
        {blocked
          ? STRINGS.notificationsBlocked
          : enabled
            ? STRINGS.notificationsOn
            : STRINGS.notificationsOff}
      </span>
    </button>
  );
}
