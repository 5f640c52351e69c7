export interface Bar {
  label: string;
  value: number;
}

interface Props {
  /** The chart's title, shown above it and read first by screen readers. */
  title: string;
  bars: readonly Bar[];
  /** How a value is written out ("12 présents"): the same words on the chart and for screen readers. */
  format?: (value: number) => string;
  /** The value of a full bar (by default the largest value). */
  max?: number;
}

/**
 * A horizontal bar chart in SVG: readable on a phone, sharp when printed, no library. The drawing
 * is hidden from screen readers, which get the same figures as a list instead.
 */
export function BarChart({ title, bars, format = String, max }: Props) {
  const rowHeight = 28;
  const labelWidth = 190;
  const width = 520;
  // Room after the longest bar for the longest figure ("12 personnes"), at about 9 px a character of the 15 px font.
  const valueSpace = 12 + 9 * Math.max(...bars.map((bar) => format(bar.value).length), 1);
  const barSpace = width - labelWidth - valueSpace;
  const top = Math.max(max ?? 0, ...bars.map((bar) => bar.value), 1);
  const height = bars.length * rowHeight + 4;
  return (
    <figure class="chart">
      <figcaption class="chart__title">{title}</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
        {bars.map((bar, index) => {
          const y = index * rowHeight + 2;
          const length = (bar.value / top) * barSpace;
          return (
            <g key={`${bar.label}-${index}`}>
              <text class="chart__label" x={labelWidth - 8} y={y + rowHeight / 2 + 5} text-anchor="end">
                {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              </text>
              <rect class="chart__bar" x={labelWidth} y={y + 4} width={Math.max(length, bar.value > 0 ? 2 : 0)} height={rowHeight - 8} rx="3" />
              <text class="chart__value" x={labelWidth + length + 6} y={y + rowHeight / 2 + 5}>
                {format(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="visually-hidden">
        {bars.map((bar, index) => (
          <li key={`${bar.label}-${index}`}>
            {bar.label} – {format(bar.value)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
