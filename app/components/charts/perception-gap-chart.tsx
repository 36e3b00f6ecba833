import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, XAxis, YAxis } from "recharts";
import { FLAGGED_COLOUR, NEUTRAL_COLOUR } from "./palette";

/** How far apart the groups' scores are per dimension; flagged gaps stand out in colour and by label. */
export function PerceptionGapChart({
  gaps,
  threshold,
  width = 600,
  height = 300,
}: {
  gaps: { label: string; gap: number | null; flagged: boolean }[];
  threshold: number;
  width?: number;
  height?: number;
}) {
  const data = gaps.map((g) => ({ label: g.label, gap: g.gap === null ? 0 : Math.round(g.gap), flagged: g.flagged, text: g.gap === null ? "n/a" : g.flagged ? `${Math.round(g.gap)} ⚑` : String(Math.round(g.gap)) }));
  return (
    <BarChart width={width} height={height} data={data} layout="vertical" margin={{ left: 20, right: 40, top: 10, bottom: 10 }} role="img" aria-label="Perception gap per dimension">
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" domain={[0, 100]} tick={{ fontSize: 11 }} />
      <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 11, fill: "#1f2933" }} />
      <ReferenceLine x={threshold} stroke={FLAGGED_COLOUR} strokeDasharray="4 4" label={{ value: `flag at ${threshold}`, fontSize: 11, position: "top" }} />
      <Bar dataKey="gap" isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.label} fill={d.flagged ? FLAGGED_COLOUR : NEUTRAL_COLOUR} />
        ))}
        <LabelList dataKey="text" position="right" style={{ fontSize: 11, fill: "#1f2933" }} />
      </Bar>
    </BarChart>
  );
}
