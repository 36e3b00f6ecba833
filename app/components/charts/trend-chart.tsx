import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from "recharts";
import { tipDot } from "./tip-dot";

/** Okabe–Ito again, one colour and dash per dimension; the overall readiness line is heavier. */
const LINE_STYLES = [
  { colour: "#000000", dash: "" },
  { colour: "#0072B2", dash: "6 3" },
  { colour: "#009E73", dash: "2 2" },
  { colour: "#E69F00", dash: "10 4" },
  { colour: "#CC79A7", dash: "4 2 1 2" },
  { colour: "#56B4E9", dash: "1 3" },
  { colour: "#D55E00", dash: "8 2 2 2" },
  { colour: "#F0E442", dash: "3 6" },
  { colour: "#666666", dash: "12 3" },
];

/** Scores across a customer's assessments, oldest on the left. */
export function TrendChart({
  points,
  lines,
  width = 640,
  height = 320,
}: {
  /** `evidence`: each line's coverage and people in words at that point, for the point's tooltip. */
  points: { label: string; values: Record<string, number | null>; evidence?: Record<string, { words: string }> }[];
  lines: { key: string; label: string }[];
  width?: number;
  height?: number;
}) {
  const data = points.map((p) => ({ label: p.label, ...Object.fromEntries(lines.map((l) => [l.key, p.values[l.key] === null || p.values[l.key] === undefined ? null : Math.round(p.values[l.key]!)])) }));
  return (
    <LineChart width={width} height={height} data={data} margin={{ top: 10, right: 30, left: 0, bottom: 10 }} role="img" aria-label="Scores across assessments">
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} />
      <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} />
      {lines.map((line, i) => {
        const style = LINE_STYLES[i % LINE_STYLES.length];
        return (
          <Line
            key={line.key}
            type="linear"
            dataKey={line.key}
            name={line.label}
            stroke={style.colour}
            strokeDasharray={style.dash}
            strokeWidth={line.key === "readiness" ? 3 : 2}
            dot={tipDot(style.colour, ({ index, value }) => {
              const point = index === undefined ? undefined : points[index];
              if (!point) return null;
              const evidence = point.evidence?.[line.key]?.words;
              return `${line.label}, ${point.label}: ${String(value)}${evidence ? ` — ${evidence}` : ""}`;
            })}
            isAnimationActive={false}
            connectNulls
          />
        );
      })}
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </LineChart>
  );
}
