/*
 * A chart point that carries its own tooltip as an SVG <title>. Cairn's charts are rendered to
 * static SVG on the server (and into the PDF), where recharts' interactive Tooltip never runs; a
 * <title> is what browsers show on hover and screen readers read, with no script at all. Each
 * tooltip says the score's coverage and people, "thin evidence" when it is (rule 13).
 */
export interface TipDotProps {
  key?: string | number;
  cx?: number;
  cy?: number;
  index?: number;
  value?: unknown;
  payload?: unknown;
}

/** A recharts `dot` renderer: a small circle in the series' colour, titled by `tipOf`. */
export function tipDot(colour: string, tipOf: (props: TipDotProps) => string | null) {
  function TipDot(props: TipDotProps) {
    const { cx, cy } = props;
    // A line's dot gets its value; a radar's gets the point, whose value is on its payload.
    const value = props.value !== undefined ? props.value : (props.payload as { value?: unknown } | undefined)?.value;
    const key = props.key === undefined ? undefined : String(props.key);
    // No score, no point: a missing value is not drawn as a zero at the centre.
    if (cx === undefined || cy === undefined || value === null || value === undefined || Number.isNaN(cx) || Number.isNaN(cy)) return <g key={key} />;
    const tip = tipOf({ ...props, value });
    return (
      <circle key={key} cx={cx} cy={cy} r={3} fill="#ffffff" stroke={colour} strokeWidth={1.5}>
        {tip ? <title>{tip}</title> : null}
      </circle>
    );
  }
  return TipDot;
}
