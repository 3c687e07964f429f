// Two small inline-SVG charts: recent latency per model (lines) and share of load (stacked bar).
// Colours come from classes mapped to VS Code's chart theme colours in the stylesheet.
import type { ModelStatsSnapshot } from '../src/protocol/coreTypes';
import { h, svg } from './dom';

export const SERIES = 6;
const WIDTH = 320;
const HEIGHT = 90;
const PAD = 4;

export function latencyChart(models: ModelStatsSnapshot[], label: string): SVGSVGElement {
  const series = models.filter((m) => m.recentLatencyMs.length > 0).slice(0, SERIES);
  const max = Math.max(1, ...series.flatMap((m) => m.recentLatencyMs));
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart latency-chart', role: 'img', 'aria-label': label }, svg('title', null, label));
  chart.appendChild(svg('line', { x1: PAD, y1: HEIGHT - PAD, x2: WIDTH - PAD, y2: HEIGHT - PAD, class: 'axis' }));
  series.forEach((m, i) => {
    const values = m.recentLatencyMs;
    const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
    const points = values.map((v, j) => `${(PAD + j * step).toFixed(1)},${(HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD)).toFixed(1)}`);
    if (values.length === 1) points.push(`${WIDTH - PAD},${points[0].split(',')[1]}`);
    chart.appendChild(svg('polyline', { points: points.join(' '), class: `series series-${i}`, 'data-model': m.model }));
  });
  chart.appendChild(svg('text', { x: WIDTH - PAD, y: 12, class: 'chart-label', 'text-anchor': 'end' }, `${Math.round(max)} ms`));
  return chart;
}

export function loadChart(models: ModelStatsSnapshot[], label: string): SVGSVGElement {
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} 16`, class: 'chart load-chart', role: 'img', 'aria-label': label }, svg('title', null, label));
  let x = 0;
  models.slice(0, SERIES).forEach((m, i) => {
    const width = m.loadShare * WIDTH;
    if (width <= 0) return;
    chart.appendChild(svg('rect', { x: x.toFixed(1), y: 0, width: width.toFixed(1), height: 16, class: `bar series-${i}`, 'data-model': m.model }));
    x += width;
  });
  return chart;
}

export function legend(models: ModelStatsSnapshot[], describe: (m: ModelStatsSnapshot) => string): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    models.slice(0, SERIES).map((m, i) => h('li', null, h('span', { class: `swatch series-${i}`, 'aria-hidden': 'true' }), describe(m))),
  );
}
