/** Props of {@link Skeleton}. */
export interface SkeletonProps {
  /** Placeholder lines; size them like the content they stand for, so nothing moves later. */
  lines?: number;
  /** Extra class setting the line height or shape (`skeleton--tile`, `skeleton--chart`). */
  variant?: 'line' | 'tile' | 'chart' | 'row';
}

/** Grey placeholders shown until the first status arrives; hidden from screen readers. */
export function Skeleton({ lines = 1, variant = 'line' }: SkeletonProps) {
  return (
    <div className={`skeleton-group skeleton-group--${variant}`}>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className={`skeleton skeleton--${variant}`} aria-hidden="true" />
      ))}
      <span className="visually-hidden">Loading…</span>
    </div>
  );
}
