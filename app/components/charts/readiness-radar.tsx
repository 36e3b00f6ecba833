import { Legend, PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart } from "recharts";
import { SERIES_STYLE } from "./palette";
import { tipDot } from "./tip-dot";

export interface RadarSeries {
  key: string;
  /** dimension key → 0–100 (higher is better), or null */
  values: Record<string, number | null>;
  /** dimension key → its evidence in words ("63 % of questions answered · 4 people"), for the point's tooltip. */
  evidence?: Record<string, string>;
}

/**
 * The eight dimensions on one chart. Shadow-IT is plotted as control (100 − risk) so that outward
 * is better on every axis; the axis label says so. Fixed size and no animation: it renders to SVG
 * on the server and in the PDF.
 */
export function ReadinessRadar({
  axes,
  series,
  width = 560,
  height = 420,
}: {
  axes: { key: string; label: string }[];
  series: RadarSeries[];
  width?: number;
  height?: number;
}) {
  const data = axes.map((axis) => {
    const row: Record<string, string | number | null> = { axis: axis.label };
    for (const s of series) row[s.key] = s.values[axis.key] === null || s.values[axis.key] === undefined ? null : Math.round(s.values[axis.key]!);
    return row;
  });
  return (
    <RadarChart width={width} height={height} data={data} outerRadius={Math.min(width, height) / 2 - 70} role="img" aria-label="Readiness by dimension and group">
      <PolarGrid />
      <PolarAngleAxis dataKey="axis" tick={{ fontSize: 12, fill: "#1f2933" }} />
      <PolarRadiusAxis angle={90} domain={[0, 100]} tickCount={6} tick={{ fontSize: 10 }} />
      {series.map((s) => {
        const style = SERIES_STYLE[s.key] ?? SERIES_STYLE.other;
        return (
          <Radar
            key={s.key}
            name={style.label}
            dataKey={s.key}
            stroke={style.colour}
            strokeWidth={s.key === "overall" ? 3 : 2}
            strokeDasharray={style.dash}
            fill={style.colour}
            fillOpacity={s.key === "overall" ? 0.08 : 0}
            isAnimationActive={false}
            connectNulls
            dot={tipDot(style.colour, ({ index, value }) => {
              const axis = index === undefined ? undefined : axes[index];
              if (!axis) return null;
              const evidence = s.evidence?.[axis.key];
              return `${style.label} · ${axis.label}: ${String(value)}${evidence ? ` — ${evidence}` : ""}`;
            })}
          />
        );
      })}
      <Legend wrapperStyle={{ fontSize: 13 }} />
    </RadarChart>
  );
}
