import { TIME_RANGES, type TimeRange } from '../console/types';

/** Props of {@link RangeControl}. */
export interface RangeControlProps {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
}

import { RANGE_LABELS as LABELS } from '../console/range-label';

/** The time range every panel follows: a group of toggle buttons. */
export function RangeControl({ value, onChange }: RangeControlProps) {
  return (
    <div className="segmented" role="group" aria-label="Time range">
      {TIME_RANGES.map((range) => (
        <button
          key={range}
          type="button"
          className={
            range === value ? 'segmented__item segmented__item--active' : 'segmented__item'
          }
          aria-pressed={range === value}
          onClick={() => onChange(range)}
        >
          {LABELS[range]}
        </button>
      ))}
    </div>
  );
}
