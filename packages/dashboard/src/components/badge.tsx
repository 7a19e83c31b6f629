import type { Tone } from './tones';

/** Props of {@link Badge}. */
export interface BadgeProps {
  tone: Tone;
  children: string;
  /** Words read before the badge by screen readers only, e.g. "Severity". */
  srPrefix?: string;
}

/** A short coloured status word; the word itself carries the meaning, the colour only helps. */
export function Badge({ tone, children, srPrefix }: BadgeProps) {
  return (
    <span className={`badge badge--${tone}`}>
      {srPrefix !== undefined && <span className="visually-hidden">{`${srPrefix}: `}</span>}
      {children}
    </span>
  );
}
