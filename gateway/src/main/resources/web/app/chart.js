import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent, AriaComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, AriaComponent,
  SVGRenderer]);

/** Questions and askers per year, drawn as SVG (so that it downloads as SVG). Answers the chart. */
export function trendChart(element, title, years) {
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element, null, { renderer: 'svg' });
  chart.setOption({
    aria: { enabled: true },
    // drawn at once: a downloaded SVG or a screenshot never catches a half-drawn chart
    animation: false,
    title: { text: title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 24 },
    grid: { top: 64, left: 48, right: 16, bottom: 32 },
    xAxis: { type: 'category', data: years.map((y) => String(y.year)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'questions', type: 'bar', data: years.map((y) => y.questions) },
      { name: 'askers', type: 'line', data: years.map((y) => y.users) },
    ],
  }, true);
  return chart;
}

export function svgOf(element) {
  return echarts.getInstanceByDom(element)?.renderToSVGString() ?? '';
}

export function resize(element) {
  echarts.getInstanceByDom(element)?.resize();
}
