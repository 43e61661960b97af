/**
 * Geometry of the bulletin's charts, computed here and drawn by SVG templates (templates/partials/chart-bars.hbs),
 * so charts need no browser and their markup stays escaped like every other template. Labels are wrapped to fit
 * the label column (two lines at most, the rest cut with "…" and kept whole in the bar's tooltip), and a chart
 * whose colours mean something carries a legend.
 */
export interface BarInput {
  label: string;
  value: number;
  /** What is written at the end of the bar. */
  display: string;
  tone?: Tone;
}

export type Tone = 'good' | 'warn' | 'bad' | 'plain';

export interface BarChart {
  width: number;
  height: number;
  title: string;
  bars: Array<{
    label: string;
    lines: Array<{ text: string; y: number }>;
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
  /** What each colour (and the reference line) means, drawn under the bars. */
  legend: Array<{ x: number; y: number; textX: number; fill: string | null; label: string }>;
}

const FILL: Record<Tone, string> = { good: '#2e7d32', warn: '#f9a825', bad: '#c62828', plain: '#546e7a' };
const FONT = 12;
const LINE = 14;
const MAX_LINES = 2;

/** Width of `text` at the chart's font size: CJK and full-width characters are square, the rest about half. */
export function textWidth(text: string, fontSize = FONT): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\uFFEF]/.test(ch) ? fontSize : fontSize * 0.6;
  return w;
}

/** `label` broken into lines no wider than `width`, at most `maxLines`, the last cut with "…" if it overflows. */
export function wrapLabel(label: string, width: number, maxLines = MAX_LINES): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of label) {
    if (line && textWidth(line + ch) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  let last = lines[maxLines - 1]!;
  while (last && textWidth(`${last}…`) > width) last = [...last].slice(0, -1).join('');
  return [...lines.slice(0, maxLines - 1), `${last}…`];
}

export function barChart(
  title: string,
  items: BarInput[],
  opts: {
    width?: number;
    labelWidth?: number;
    max?: number;
    marker?: { value: number; label: string };
    centred?: boolean;
    /** The meaning of each tone used; without it the chart has no legend. */
    legend?: Partial<Record<Tone, string>>;
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
  let y = top;
  const bars = items.map((item) => {
    const wrapped = wrapLabel(item.label, labelWidth - 4);
    const rowHeight = Math.max(barHeight, wrapped.length * LINE);
    const barY = y + Math.round((rowHeight - barHeight) / 2);
    const firstLine = y + Math.round((rowHeight - wrapped.length * LINE) / 2) + LINE - 3;
    const w = Math.max(0, Math.round((plot * Math.max(item.value, 0)) / max));
    const x = labelWidth + 6 + (opts.centred ? Math.round((plot - w) / 2) : 0);
    const bar = {
      label: item.label,
      lines: wrapped.map((text, k) => ({ text, y: firstLine + k * LINE })),
      display: item.display,
      labelX: labelWidth,
      x,
      y: barY,
      w,
      h: barHeight,
      textY: barY + barHeight - 4,
      valueX: (opts.centred ? labelWidth + 6 + plot : x + w) + 6,
      fill: FILL[item.tone ?? 'plain'],
    };
    y += rowHeight + gap;
    return bar;
  });
  const plotHeight = Math.max(y, top + barHeight + gap) + top;
  const legend = legendOf(items, opts.legend, opts.marker?.label ?? null, plotHeight, width);
  const height = plotHeight + (legend.length > 0 ? LINE + 10 : 0);
  const marker = opts.marker
    ? {
        x: labelWidth + 6 + Math.round((plot * opts.marker.value) / max),
        y1: 0,
        y2: plotHeight,
        label: opts.marker.label,
      }
    : null;
  return { width, height, title, bars, marker, legend };
}

function legendOf(
  items: BarInput[],
  meanings: Partial<Record<Tone, string>> | undefined,
  markerLabel: string | null,
  top: number,
  width: number,
): BarChart['legend'] {
  if (!meanings) return [];
  const used = (['bad', 'warn', 'good', 'plain'] as const).filter(
    (t) => meanings[t] && items.some((i) => (i.tone ?? 'plain') === t),
  );
  const entries = [
    ...used.map((t) => ({ fill: FILL[t] as string | null, label: meanings[t]! })),
    ...(markerLabel ? [{ fill: null, label: markerLabel }] : []),
  ];
  let x = 4;
  const y = top + 4;
  return entries.flatMap((e) => {
    const entry = { x, y, textX: x + 16, fill: e.fill, label: e.label };
    x += 16 + textWidth(e.label) + 18;
    return x - 18 > width ? [] : [entry];
  });
}
