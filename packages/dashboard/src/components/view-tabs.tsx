import type { ViewName, ViewState } from '../console/view-state';
import { ViewLink } from './view-link';

/** Props of {@link ViewTabs}. */
export interface ViewTabsProps {
  current: ViewName;
}

const TABS: ReadonlyArray<{ view: ViewName; label: string; to: Partial<ViewState> }> = [
  { view: 'overview', label: 'Overview', to: { view: 'overview' } },
  { view: 'map', label: 'Map', to: { view: 'map' } },
  { view: 'quality', label: 'Quality', to: { view: 'quality' } },
  { view: 'history', label: 'Alert history', to: { view: 'history' } },
];

/** Navigation between the console's views; links, so each view has its own address. */
export function ViewTabs({ current }: ViewTabsProps) {
  return (
    <nav className="view-tabs" aria-label="Views">
      {TABS.map((tab) => (
        <ViewLink
          key={tab.view}
          to={tab.to}
          className={
            tab.view === current ? 'view-tabs__tab view-tabs__tab--active' : 'view-tabs__tab'
          }
          {...(tab.view === current ? { 'aria-current': 'page' as const } : {})}
        >
          {tab.label}
        </ViewLink>
      ))}
      {current === 'source' && (
        <span className="view-tabs__tab view-tabs__tab--active" aria-current="page">
          Source
        </span>
      )}
    </nav>
  );
}
