import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";

/**
 * One outcome measure over time: the recorded values, with the baseline and the target as
 * reference lines (dashed grey and dashed green), so progress reads at a glance and in greyscale.
 */
export function KpiChart({
  points,
  baseline,
  target,
  unit,
  width = 460,
  height = 220,
}: {
  points: { date: string; value: number }[];
  baseline: number | null;
  target: number | null;
  unit: string;
  width?: number;
  height?: number;
}) {
  const values = [...points.map((p) => p.value), ...(baseline === null ? [] : [baseline]), ...(target === null ? [] : [target])];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = high === low ? Math.max(1, Math.abs(high) * 0.1) : (high - low) * 0.15;
  const data = points.map((p) => ({ label: new Date(`${p.date}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "2-digit", timeZone: "UTC" }), value: p.value }));
  return (
    <LineChart width={width} height={height} data={data} margin={{ top: 16, right: 70, left: 0, bottom: 6 }} role="img" aria-label={`Recorded values in ${unit}, with baseline and target`}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} />
      <YAxis domain={[Math.max(0, Math.floor(low - pad)), Math.ceil(high + pad)]} tick={{ fontSize: 11 }} width={56} />
      {baseline !== null ? <ReferenceLine y={baseline} stroke="#666666" strokeDasharray="6 3" label={{ value: "baseline", position: "right", fontSize: 11, fill: "#52606d" }} /> : null}
      {target !== null ? <ReferenceLine y={target} stroke="#009E73" strokeDasharray="2 2" strokeWidth={2} label={{ value: "target", position: "right", fontSize: 11, fill: "#027a48" }} /> : null}
      <Line type="linear" dataKey="value" name={unit} stroke="#0072B2" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
    </LineChart>
  );
}
