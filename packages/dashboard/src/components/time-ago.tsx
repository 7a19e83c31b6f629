import { formatAgo, formatDateTime, NO_VALUE } from '../format';

/** Props of {@link TimeAgo}. */
export interface TimeAgoProps {
  iso: string | null | undefined;
  nowMs: number;
}

/** "5 min ago" in a `<time>` element, with the full date and time as its tooltip. */
export function TimeAgo({ iso, nowMs }: TimeAgoProps) {
  if (!iso) return <span className="muted">{NO_VALUE}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatAgo(iso, nowMs)}
    </time>
  );
}
