/**
 * Geometry of the bulletin's charts, computed here and drawn by SVG templates (templates/partials/chart-bars.hbs),
 * so charts need no browser and their markup stays escaped like every other template.
 */
export interface BarInput {
  label: string;
  value: number;
  /** What is written at the end of the bar. */
  display: string;
  tone?: 'good' | 'warn' | 'bad' | 'plain';
}

export interface BarChart {
  width: number;
  height: number;
  title: string;
  bars: Array<{
    label: string;
    display: string;
    labelX: number;
    x: number;
    y: number;
    w: number;
    h: number;
    textY: number;
    valueX: number;
    fill: string;
  }>;
  /** A reference line (e.g. 100 % of target), or null. */
  marker: { x: number; y1: number; y2: number; label: string } | null;
}

const FILL = { good: '#2e7d32', warn: '#f9a825', bad: '#c62828', plain: '#546e7a' } as const;

export function barChart(
  title: string,
  items: BarInput[],
  opts: {
    width?: number;
    labelWidth?: number;
    max?: number;
    marker?: { value: number; label: string };
    centred?: boolean;
  } = {},
): BarChart {
  const width = opts.width ?? 640;
  const labelWidth = opts.labelWidth ?? 170;
  const valueWidth = 70;
  const barHeight = 18;
  const gap = 8;
  const top = 6;
  const plot = width - labelWidth - valueWidth - 10;
  const max = Math.max(opts.max ?? 0, opts.marker?.value ?? 0, ...items.map((i) => i.value), 1e-9);
  const bars = items.map((item, k) => {
    const w = Math.max(0, Math.round((plot * Math.max(item.value, 0)) / max));
    const y = top + k * (barHeight + gap);
    const x = labelWidth + 6 + (opts.centred ? Math.round((plot - w) / 2) : 0);
    return {
      label: item.label,
      display: item.display,
      labelX: labelWidth,
      x,
      y,
      w,
      h: barHeight,
      textY: y + barHeight - 4,
      valueX: (opts.centred ? labelWidth + 6 + plot : x + w) + 6,
      fill: FILL[item.tone ?? 'plain'],
    };
  });
  const height = top * 2 + Math.max(1, items.length) * (barHeight + gap);
  const marker = opts.marker
    ? {
        x: labelWidth + 6 + Math.round((plot * opts.marker.value) / max),
        y1: 0,
        y2: height,
        label: opts.marker.label,
      }
    : null;
  return { width, height, title, bars, marker };
}
