import type { ReactNode } from 'react';

/** Props of {@link Panel}. */
export interface PanelProps {
  /** Stable id; the heading gets `${id}-title` and labels the section. */
  id: string;
  title: string;
  /** Short context beside the title, e.g. "last 24 h". */
  aside?: ReactNode;
  /** True while the first status is awaited: announced as busy to assistive technology. */
  loading?: boolean;
  className?: string;
  children: ReactNode;
}

/** A titled dashboard section, a landmark screen readers can jump to. */
export function Panel({ id, title, aside, loading = false, className, children }: PanelProps) {
  return (
    <section
      className={className ? `panel ${className}` : 'panel'}
      aria-labelledby={`${id}-title`}
      aria-busy={loading}
      id={id}
    >
      <header className="panel__header">
        <h2 className="panel__title" id={`${id}-title`}>
          {title}
        </h2>
        {aside !== undefined && <div className="panel__aside">{aside}</div>}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}
