import type { KeyboardEvent } from 'react';
import { bucketOf, precisionMix } from '../console/choropleth';
import { MAP_ATTRIBUTION, MAP_VIEW_BOX, STATE_SHAPES } from '../console/nigeria-states';
import type { StateActivity } from '../console/types';

/** Props of {@link NigeriaMap}. */
export interface NigeriaMapProps {
  /** Activity per state; null while loading (outlines drawn empty). */
  states: readonly StateActivity[] | null;
  selected: string | null;
  onSelect: (state: string) => void;
}

function describe(state: string, activity: StateActivity | undefined): string {
  if (!activity) return state;
  const marks = [
    activity.spike ? 'spike' : null,
    activity.coverage_gap ? 'coverage gap' : null,
  ].filter(Boolean);
  return `${state}: ${activity.events} events, ${activity.fatalities} fatalities${marks.length ? `, ${marks.join(', ')}` : ''}; ${precisionMix(activity.precision)}`;
}

/**
 * The 37 states as a choropleth of events in the chosen range. Colour comes from classes
 * (`map__state--b0`…`b5`; the CSP forbids inline styles); spikes and coverage gaps get a
 * marked outline. Each state is a button: hover or focus tells its figures, a click opens it.
 */
export function NigeriaMap({ states, selected, onSelect }: NigeriaMapProps) {
  const byName = new Map((states ?? []).map((activity) => [activity.state, activity]));
  const max = Math.max(0, ...(states ?? []).map((activity) => activity.events));
  const onKey = (event: KeyboardEvent, state: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(state);
    }
  };
  return (
    <figure className="map" data-testid="nigeria-map">
      <svg
        className="map__svg"
        viewBox={MAP_VIEW_BOX}
        role="group"
        aria-label="Map of Nigeria: events per state"
      >
        {STATE_SHAPES.map((shape) => {
          const activity = byName.get(shape.state);
          const classes = [
            'map__state',
            `map__state--b${bucketOf(activity?.events ?? 0, max)}`,
            activity?.spike ? 'map__state--spike' : '',
            activity?.coverage_gap ? 'map__state--gap' : '',
            shape.state === selected ? 'map__state--selected' : '',
          ]
            .filter(Boolean)
            .join(' ');
          const label = describe(shape.state, activity);
          return (
            <path
              key={shape.id}
              d={shape.path}
              className={classes}
              data-state={shape.state}
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-pressed={shape.state === selected}
              onClick={() => onSelect(shape.state)}
              onKeyDown={(event) => onKey(event, shape.state)}
            >
              <title>{label}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="map__caption">
        <span className="map__legend" aria-hidden="true">
          fewer
          {[0, 1, 2, 3, 4, 5].map((bucket) => (
            <span key={bucket} className={`map__swatch map__swatch--b${bucket}`} />
          ))}
          more · <span className="map__swatch map__swatch--spike" /> spike ·{' '}
          <span className="map__swatch map__swatch--gap" /> coverage gap
        </span>
        <span className="map__attribution">
          {MAP_ATTRIBUTION.text},{' '}
          <a href={MAP_ATTRIBUTION.licenseUrl} rel="license noreferrer">
            {MAP_ATTRIBUTION.license}
          </a>
        </span>
      </figcaption>
    </figure>
  );
}
