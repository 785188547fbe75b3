import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, LineChart, ScatterChart, SunburstChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent, AriaComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, BoxplotChart, LineChart, ScatterChart, SunburstChart, GridComponent, LegendComponent,
  TitleComponent, TooltipComponent, AriaComponent, SVGRenderer]);

/** Draws an option as SVG (so that the chart downloads as SVG), at once: a download never catches half a chart. */
function draw(element, title, option) {
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element, null, { renderer: 'svg' });
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    // a long title breaks into lines rather than run off a narrow chart
    title: { text: title, textStyle: { fontSize: 14, width: Math.max(element.clientWidth - 24, 120), overflow: 'break' } },
    ...option,
  }, true);
  return chart;
}

/** Questions and askers per year. */
export function trendChart(element, title, years) {
  return draw(element, title, {
    tooltip: { trigger: 'axis' },
    legend: { top: 24 },
    grid: { top: 64, left: 48, right: 16, bottom: 32 },
    xAxis: { type: 'category', data: years.map((y) => String(y.year)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'questions', type: 'bar', data: years.map((y) => y.questions) },
      { name: 'askers', type: 'line', data: years.map((y) => y.users) },
    ],
  });
}

// a logarithmic axis cannot show 0 minutes (an answer accepted within the minute): those are drawn at its floor
const LOG_FLOOR = 0.1;
const onLog = (minutes) => Math.max(minutes, LOG_FLOOR);

/** Minutes to the accepted answer as R's boxplot.stats gives them: the box, the whiskers and the outliers. */
export function boxPlot(element, title, groups) {
  return draw(element, title, {
    tooltip: { trigger: 'item' },
    grid: { top: 56, left: 72, right: 16, bottom: 32 },
    xAxis: { type: 'category', data: groups.map((g) => g.name) },
    yAxis: { type: 'log', name: 'minutes (log)', nameLocation: 'middle', nameRotate: 90, nameGap: 48, min: LOG_FLOOR },
    series: [
      { name: 'box', type: 'boxplot', data: groups.map((g) => [g.box.lowerWhisker, g.box.lowerHinge, g.box.median,
        g.box.upperHinge, g.box.upperWhisker].map(onLog)) },
      { name: 'outliers', type: 'scatter', symbolSize: 3,
        data: groups.flatMap((g, i) => (g.outliers ?? []).map((v) => [i, onLog(v)])) },
    ],
  });
}

/** A Kaplan-Meier curve with its 95 % band, as steps over minutes on a logarithmic axis. */
export function survivalChart(element, title, curve) {
  const points = (key) => curve.map((s) => [onLog(s.time), s[key]]);
  return draw(element, title, {
    tooltip: { trigger: 'axis' },
    legend: { top: 24 },
    grid: { top: 72, left: 64, right: 16, bottom: 40 },
    xAxis: { type: 'log', name: 'minutes (log)', nameLocation: 'middle', nameGap: 24, min: LOG_FLOOR },
    yAxis: { type: 'value', min: 0, max: 1, name: 'share without an accepted answer', nameLocation: 'middle',
      nameRotate: 90, nameGap: 40 },
    series: [
      { name: 'survival', type: 'line', step: 'end', showSymbol: false, data: points('survival') },
      { name: '95 % band', type: 'line', step: 'end', showSymbol: false, lineStyle: { type: 'dashed', width: 1 },
        data: points('lower') },
      { name: '95 % band', type: 'line', step: 'end', showSymbol: false, lineStyle: { type: 'dashed', width: 1 },
        data: points('upper') },
    ],
  });
}

/** Shares of a labeling round as a sunburst: platforms inside, their categories outside. */
export function sunburst(element, title, tree) {
  return draw(element, title, {
    tooltip: { formatter: (p) => `${p.name}: ${p.value} questions` },
    series: [{ type: 'sunburst', data: tree, radius: ['12%', '90%'], label: { minAngle: 8 },
      levels: [{}, { label: { rotate: 'tangential' } }, { label: { rotate: 'radial' } }] }],
  });
}

export function svgOf(element) {
  return echarts.getInstanceByDom(element)?.renderToSVGString() ?? '';
}

export function resize(element) {
  echarts.getInstanceByDom(element)?.resize();
}
