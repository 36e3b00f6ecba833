import type { ReactNode } from "react";

/**
 * Shows chart markup rendered on the server; `live` (a client-rendered chart) replaces it only once
 * the reader changes something, e.g. hides a series.
 */
export function ServerChart({ svg, live, label }: { svg: string; live?: ReactNode; label: string }) {
  if (live) return <div className="chart" aria-label={label}>{live}</div>;
  return <div className="chart" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
