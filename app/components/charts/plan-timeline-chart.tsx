import { Bar, BarChart, CartesianGrid, Cell, LabelList, XAxis, YAxis } from "recharts";

/** Okabe–Ito, as the other charts: planned blue, in progress orange, completed green. */
const STATUS_COLOUR: Record<string, string> = { planned: "#0072B2", "in-progress": "#E69F00", completed: "#009E73" };

function shortened(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/**
 * The stepping stones one after another: a bar per stone from the week it starts to the week it
 * ends (a Gantt drawn as stacked bars whose first, invisible part is the offset). Rendered to SVG on
 * the server; fixed size, no animation.
 */
export function PlanTimelineChart({
  stones,
  width = 980,
}: {
  stones: { position: number; title: string; startWeek: number; endWeek: number; status: string }[];
  width?: number;
}) {
  const data = stones.map((stone) => ({
    label: shortened(`${stone.position}. ${stone.title}`, 44),
    offset: stone.startWeek,
    weeks: stone.endWeek - stone.startWeek,
    status: stone.status,
    text: `wk ${stone.startWeek + 1}–${stone.endWeek}`,
  }));
  const total = stones.length > 0 ? stones[stones.length - 1].endWeek : 0;
  const height = 50 + Math.max(1, stones.length) * 34;
  return (
    <BarChart width={width} height={height} data={data} layout="vertical" margin={{ left: 10, right: 90, top: 10, bottom: 20 }} role="img" aria-label="Timeline of the stepping stones in weeks" barCategoryGap={6}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" domain={[0, Math.max(1, total)]} allowDecimals={false} tick={{ fontSize: 11 }} label={{ value: "weeks from the start", position: "insideBottom", offset: -12, fontSize: 11 }} />
      <YAxis type="category" dataKey="label" width={300} tick={{ fontSize: 12, fill: "#1f2933" }} interval={0} />
      <Bar dataKey="offset" stackId="timeline" fill="transparent" isAnimationActive={false} />
      <Bar dataKey="weeks" stackId="timeline" isAnimationActive={false} radius={[0, 4, 4, 0]}>
        {data.map((entry, index) => (
          <Cell key={index} fill={STATUS_COLOUR[entry.status] ?? STATUS_COLOUR.planned} />
        ))}
        <LabelList dataKey="text" position="right" style={{ fontSize: 11, fill: "#1f2933" }} />
      </Bar>
    </BarChart>
  );
}
