import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listAuditLog } from "../../db/repositories/audit-log";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Cairn" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "audit:read" });
  return json({ entries: await listAuditLog(db(), { organisationId: user.organisationId, limit: 500 }) });
}

export default function AuditLog() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <main className="page">
      <h1>Audit log</h1>
      <p className="muted">Sign-ins, user and role changes, customer changes, link and export activity: the latest 500.</p>
      <table className="data">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Record</th>
            <th>Address</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.created_at).toLocaleString("en-GB")}</td>
              <td>{e.userName ?? "—"}</td>
              <td>{e.action}</td>
              <td>{e.target_type ? `${e.target_type} ${e.target_id?.slice(0, 8)}` : "—"}</td>
              <td>{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
