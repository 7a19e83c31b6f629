import type { ReactNode } from 'react';

/** One label and value of a facts grid. */
export function Fact({
  label,
  children,
  testId,
  wide = false,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'fact fact--wide' : 'fact'} data-testid={testId}>
      <dt className="fact__label">{label}</dt>
      <dd className="fact__value">{children}</dd>
    </div>
  );
}
