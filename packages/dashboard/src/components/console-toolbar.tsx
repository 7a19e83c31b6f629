import type { ReactNode } from 'react';
import { STRINGS } from '../console/strings';
import type { TimeRange } from '../console/types';
import type { ViewName } from '../console/view-state';
import { NotifyButton, type NotifyPermission } from './notify-button';
import { RangeControl } from './range-control';
import { ThemeToggle } from './theme-toggle';
import { ViewTabs } from './view-tabs';

/** Props of {@link ConsoleToolbar}. */
export interface ConsoleToolbarProps {
  view: ViewName;
  range: TimeRange;
  onRange: (range: TimeRange) => void;
  /** The operator signed in for alert actions, or null. */
  operator: string | null;
  onSignIn: () => void;
  onSignOut: () => void;
  notify: { permission: NotifyPermission; enabled: boolean; toggle: () => void };
  onHelp: () => void;
  /** The status timeline. */
  timeline: ReactNode;
}

/** Views, time range, replay timeline, and the operator's switches (theme, notifications, sign-in). */
export function ConsoleToolbar(props: ConsoleToolbarProps) {
  return (
    <div className="toolbar" data-testid="console-toolbar">
      <div className="toolbar__row">
        <ViewTabs current={props.view} />
        <RangeControl value={props.range} onChange={props.onRange} />
        <div className="toolbar__end">
          <NotifyButton
            permission={props.notify.permission}
            enabled={props.notify.enabled}
            onToggle={props.notify.toggle}
          />
          <ThemeToggle />
          {props.operator ? (
            <button type="button" className="button button--quiet" onClick={props.onSignOut}>
              <span className="toolbar__label">
                {props.operator} · {STRINGS.signOut}
              </span>
            </button>
          ) : (
            <button type="button" className="button button--quiet" onClick={props.onSignIn}>
              <span className="toolbar__label">{STRINGS.signInButton}</span>
            </button>
          )}
          <button
            type="button"
            className="button button--quiet"
            onClick={props.onHelp}
            title="Keyboard shortcuts (?)"
          >
            <span className="toolbar__label">Shortcuts</span> <kbd aria-hidden="true">?</kbd>
          </button>
        </div>
      </div>
      {props.timeline}
    </div>
  );
}
