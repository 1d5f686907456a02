// One horizontal bar chart drawn with d3: d3-scale places the bars, d3-axis draws the
// value axis into the SVG that React renders (React owns the bars, d3 owns the axis).
import { useEffect, useRef } from 'react';
import { max } from 'd3-array';
import { axisBottom } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
  /** The value as printed at the end of the bar. */
  text: string;
}

const LABEL_W = 150;
const RIGHT = 70;
const ROW = 22;
const AXIS_H = 24;

export function BarChart({ title, bars, width = 460, format, empty, testId }: {
  title: string; bars: Bar[]; width?: number; format(value: number): string; empty: string; testId: string;
}) {
  const axis = useRef<SVGGElement>(null);
  const height = bars.length * ROW + AXIS_H;
  const x = scaleLinear().domain([0, max(bars, (b) => b.value) || 1]).nice().range([LABEL_W, width - RIGHT]);
  const y = scaleBand().domain(bars.map((b) => b.key)).range([0, bars.length * ROW]).padding(0.2);

  useEffect(() => {
    if (!axis.current) return;
    select(axis.current).call(axisBottom(x).ticks(4).tickFormat((v) => format(Number(v))));
  });

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? <p className="muted">{empty}</p> : (
        <svg width={width} height={height} role="img" aria-label={title}>
          {bars.map((b) => (
            <g key={b.key} data-bar={b.key}>
              <text x={LABEL_W - 6} y={(y(b.key) ?? 0) + y.bandwidth() / 2} dy="0.35em" textAnchor="end">{b.label}</text>
              <rect x={LABEL_W} y={y(b.key)} width={Math.max(0, x(b.value) - LABEL_W)} height={y.bandwidth()} fill={b.color} />
              <text x={x(b.value) + 4} y={(y(b.key) ?? 0) + y.bandwidth() / 2} dy="0.35em" className="chart-value">{b.text}</text>
            </g>
          ))}
          <g ref={axis} transform={`translate(0, ${bars.length * ROW})`} />
        </svg>
      )}
    </figure>
  );
}
