import type { MouseEvent, ReactNode } from 'react';
import { useConsole } from '../console/console-context';
import { DEFAULT_VIEW, serializeViewState, type ViewState } from '../console/view-state';

/** Props of {@link ViewLink}. */
export interface ViewLinkProps {
  /** The view to open; unspecified parts keep the current range (and drop the replay time only if given). */
  to: Partial<ViewState>;
  children: ReactNode;
  className?: string;
  'aria-label'?: string;
  'aria-current'?: 'page';
  title?: string;
}

/**
 * A real link to another view (so it can be opened in a new tab or copied); a plain click
 * changes the view in place with `history.pushState`.
 */
export function ViewLink({ to, children, className, ...rest }: ViewLinkProps) {
  const context = useConsole();
  const base = context?.view ?? DEFAULT_VIEW;
  const target: ViewState = { ...base, source: null, state: null, ...to };
  const search = typeof window === 'undefined' ? '' : window.location.search;
  const href = serializeViewState(target, search) || '?';
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!context || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    context.setView(target);
  };
  return (
    <a href={href} className={className ?? 'link'} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
