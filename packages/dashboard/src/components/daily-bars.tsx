import type { SourceActivity } from '../console/types';
import { formatCount } from '../format';

/** Props of {@link DailyBars}. */
export interface DailyBarsProps {
  daily: SourceActivity['daily'];
}

const HEIGHT = 48;

/** Articles and events per day as paired bars, with the same figures in a table for readers. */
export function DailyBars({ daily }: DailyBarsProps) {
  const max = Math.max(1, ...daily.map((day) => Math.max(day.articles, day.events)));
  const slot = 24;
  return (
    <div className="daily">
      <svg
        className="daily__svg"
        viewBox={`0 0 ${Math.max(1, daily.length * slot)} ${HEIGHT}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {daily.map((day, index) => {
          const articles = (day.articles / max) * HEIGHT;
          const events = (day.events / max) * HEIGHT;
          return (
            <g key={day.day}>
              <rect
                className="daily__bar daily__bar--articles"
                x={index * slot + 3}
                y={HEIGHT - articles}
                width="8"
                height={articles}
              />
              <rect
                className="daily__bar daily__bar--events"
                x={index * slot + 12}
                y={HEIGHT - events}
                width="8"
                height={events}
              />
            </g>
          );
        })}
      </svg>
      <table className="table table--compact">
        <caption className="visually-hidden">Articles and events per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" className="numeric">
              <span className="legend legend--articles">Articles</span>
            </th>
            <th scope="col" className="numeric">
              <span className="legend legend--events">Events</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {daily.map((day) => (
            <tr key={day.day}>
              <th scope="row">{day.day}</th>
              <td className="numeric">{formatCount(day.articles)}</td>
              <td className="numeric">{formatCount(day.events)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
