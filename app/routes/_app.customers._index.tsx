import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listCustomers } from "../../db/repositories/customers";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { useAppData } from "./_app";

export const meta: MetaFunction = () => [{ title: "Customers · Cairn" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const url = new URL(request.url);
  const includeArchived = url.searchParams.get("archived") === "1";
  const query = (url.searchParams.get("q") ?? "").trim().toLowerCase().slice(0, 200);
  const customers = await listCustomers(db(), { organisationId: user.organisationId, includeArchived });
  const shown = query ? customers.filter((c) => `${c.name} ${c.industry}`.toLowerCase().includes(query)) : customers;
  return json({ customers: shown, includeArchived, query });
}

export default function Customers() {
  const { customers, includeArchived, query } = useLoaderData<typeof loader>();
  const { permissions } = useAppData();
  return (
    <main className="page">
      <div className="page-head">
        <h1>Customers</h1>
        {permissions.writeCustomers ? (
          <Link className="button" to="/customers/new">
            New customer
          </Link>
        ) : null}
      </div>
      <Form method="get" className="card" role="search" style={{ display: "flex", gap: "1rem", alignItems: "end", flexWrap: "wrap" }}>
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={query} />
        </div>
        <label>
          <input type="checkbox" name="archived" value="1" defaultChecked={includeArchived} /> Include archived
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {customers.length === 0 ? (
        <p className="muted">No customers match.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Name</th>
              <th>Industry</th>
              <th>Size</th>
              <th>Assessments</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/customers/${c.id}`}>{c.name}</Link> {c.archived_at ? <span className="badge archived">archived</span> : null}
                </td>
                <td>{c.industry || "—"}</td>
                <td>{c.size || "—"}</td>
                <td>{c.assessmentCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
