import { Suspense, type ReactNode } from "react";

/**
 * Shows chart markup rendered on the server; `live` (a client-rendered chart) replaces it only once
 * the reader changes something, e.g. hides a series. `live` may be a lazily loaded chart: the
 * server's markup stays until its code has arrived.
 */
export function ServerChart({ svg, live, label }: { svg: string; live?: ReactNode; label: string }) {
  const serverChart = <div className="chart" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
  if (!live) return serverChart;
  return (
    <Suspense fallback={serverChart}>
      <div className="chart" aria-label={label}>
        {live}
      </div>
    </Suspense>
  );
}
