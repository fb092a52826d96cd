import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only the parts the dashboard uses (the full bundle is ~720 kB). SVG prints sharply.
echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = EChartsCoreOption;

/** An ECharts chart that follows its container's size. `label` describes it for screen readers. */
export function Chart({
  option,
  height = 320,
  label,
  testId,
  onClick,
}: {
  option: ChartOption;
  height?: number;
  label: string;
  testId?: string;
  /** Called with the series id, category and category index of a clicked bar or point. */
  onClick?: (item: { seriesId: string; name: string; dataIndex: number }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onClick);
  clicked.current = onClick;

  useEffect(() => {
    const el = ref.current!;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      const { seriesId, name, dataIndex } = params as {
        seriesId?: string;
        name?: string;
        dataIndex?: number;
      };
      if (seriesId && name && dataIndex !== undefined)
        clicked.current?.({ seriesId, name, dataIndex });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Our description, in the user's language: ECharts would otherwise generate one in English.
    chart.current?.setOption(
      { aria: { enabled: true, label: { description: label } }, animation: false, ...option },
      true,
    );
  }, [option, label]);

  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
