import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, XAxis, YAxis } from "recharts";
import { FLAGGED_COLOUR, NEUTRAL_COLOUR } from "./palette";

/** How far apart the groups' scores are per dimension; flagged gaps stand out in colour and by label. */
export function PerceptionGapChart({
  gaps,
  threshold,
  width = 600,
  height = 300,
}: {
  /** `evidence`: the groups compared, their sizes and the shared questions, for the bar's tooltip. */
  gaps: { label: string; gap: number | null; flagged: boolean; evidence?: string }[];
  threshold: number;
  width?: number;
  height?: number;
}) {
  const data = gaps.map((g) => ({ label: g.label, gap: g.gap === null ? 0 : Math.round(g.gap), flagged: g.flagged, text: g.gap === null ? "n/a" : g.flagged ? `${Math.round(g.gap)} ⚑` : String(Math.round(g.gap)), tip: `${g.label}: ${g.evidence ?? (g.gap === null ? "no gap" : `${Math.round(g.gap)} points apart`)}` }));
  return (
    <BarChart width={width} height={height} data={data} layout="vertical" margin={{ left: 20, right: 40, top: 10, bottom: 10 }} role="img" aria-label="Perception gap per dimension">
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" domain={[0, 100]} tick={{ fontSize: 11 }} />
      <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 11, fill: "#1f2933" }} />
      <ReferenceLine x={threshold} stroke={FLAGGED_COLOUR} strokeDasharray="4 4" label={{ value: `flag at ${threshold}`, fontSize: 11, position: "top" }} />
      <Bar
        dataKey="gap"
        isAnimationActive={false}
        // The bar carries its tooltip as an SVG <title> (see tip-dot.tsx): the chart is static SVG.
        shape={(shape: unknown) => {
          // recharts types a shape's props as unknown; these are the ones it passes to every bar.
          const props = shape as { x?: number; y?: number; width?: number; height?: number; fill?: string; index?: number };
          return (
            <g>
              <title>{data[props.index ?? 0]?.tip}</title>
              <rect x={props.x} y={props.y} width={Math.max(0, props.width ?? 0)} height={Math.max(0, props.height ?? 0)} fill={props.fill} />
            </g>
          );
        }}
      >
        {data.map((d) => (
          <Cell key={d.label} fill={d.flagged ? FLAGGED_COLOUR : NEUTRAL_COLOUR} />
        ))}
        <LabelList dataKey="text" position="right" style={{ fontSize: 11, fill: "#1f2933" }} />
      </Bar>
    </BarChart>
  );
}
