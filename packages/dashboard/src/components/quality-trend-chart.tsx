import { useEffect, useRef, useState } from 'react';
import type { QualityPoint } from '@naija-monitor/protocol';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { describeTrend, trendColumns } from '../quality-trend';

/** Props of {@link QualityTrendChart}. */
export interface QualityTrendChartProps {
  trend: readonly QualityPoint[];
  /** The window the points cover, as said to screen readers and when empty. @default 'last 24 h' */
  windowLabel?: string;
}

/** Chart height in CSS pixels; the container reserves it so the page never jumps. */
const CHART_HEIGHT_PX = 150;

/**
 * Geocoding success and validation pass rates over a window (24 h unless told), drawn by uPlot.
 * Colours come from CSS custom properties, so the chart follows the page's theme. Where canvas
 * is missing (tests, very old browsers), only the text description is shown.
 */
export function QualityTrendChart({ trend, windowLabel = 'last 24 h' }: QualityTrendChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const [canDraw] = useState(canvasAvailable);
  const description = describeTrend(trend);
  const empty = trend.length === 0;

  useEffect(() => {
    const host = hostRef.current;
    if (!host || !canDraw || empty) return undefined;
    const plot = new uPlot(chartOptions(host), trendColumns(trend), host);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(host.clientWidth, 100), height: CHART_HEIGHT_PX });
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // The plot is built once per mount; data changes go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canDraw, empty]);

  useEffect(() => {
    plotRef.current?.setData(trendColumns(trend));
  }, [trend]);

  return (
    <figure className="trend" aria-label={`Data quality, ${windowLabel}`}>
      <div className="trend__plot" ref={hostRef} role="img" aria-label={description}>
        {(empty || !canDraw) && (
          <p className="trend__empty">
            {empty ? `No measurements in the ${windowLabel}` : description}
          </p>
        )}
      </div>
      <figcaption className="visually-hidden">{description}</figcaption>
    </figure>
  );
}

function canvasAvailable(): boolean {
  if (typeof document === 'undefined' || typeof ResizeObserver === 'undefined') return false;
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

function showLatestWhenIdle(plot: uPlot): void {
  if (plot.cursor.idx !== null && plot.cursor.idx !== undefined) return;
  const last = (plot.data[0]?.length ?? 0) - 1;
  if (last >= 0) plot.setLegend({ idx: last });
}

function chartOptions(host: HTMLElement): uPlot.Options {
  const css = getComputedStyle(host);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const axis = color('--chart-axis', '#8b95a7');
  const grid = color('--chart-grid', 'rgba(139,149,167,0.15)');
  const percent = (_: uPlot, value: number | null) =>
    value === null ? '—' : `${value.toFixed(1)}%`;
  return {
    width: Math.max(host.clientWidth, 100),
    height: CHART_HEIGHT_PX,
    scales: { x: { time: true }, y: { range: [0, 100] } },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    legend: { show: true, live: true },
    // With the cursor away, the legend shows the newest point instead of dashes.
    hooks: {
      setCursor: [(plot) => showLatestWhenIdle(plot)],
      setData: [(plot) => showLatestWhenIdle(plot)],
    },
    series: [
      { label: 'Time' },
      {
        label: 'Geocoding',
        stroke: color('--chart-geocoding', '#4c9aff'),
        width: 2,
        value: percent,
        points: { show: false },
      },
      {
        label: 'Validation',
        stroke: color('--chart-validation', '#36b37e'),
        width: 2,
        value: percent,
        points: { show: false },
      },
    ],
    axes: [
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid, width: 1 },
        font: '11px system-ui, sans-serif',
      },
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { show: false },
        size: 44,
        splits: () => [0, 25, 50, 75, 100],
        values: (_, splits) => splits.map((value) => `${value}%`),
        font: '11px system-ui, sans-serif',
      },
    ],
  };
}
