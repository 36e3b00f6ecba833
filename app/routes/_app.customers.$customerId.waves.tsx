import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCustomer } from "../../db/repositories/customers";
import { found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { DISPOSITIONS } from "~/domain/dispositions";
import { DEFAULT_MAX_APPLICATIONS_PER_WAVE, RISK_TIERS } from "~/domain/waves";
import { loadPortfolioDecisions } from "~/services/portfolio.server";
import planStyles from "~/styles/plans.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Waves: ${data?.customer.name ?? "Customer"} · Cairn` }];

const dispositionName = (key: string) => DISPOSITIONS.find((d) => d.key === key)?.name ?? key;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const portfolio = await loadPortfolioDecisions({ organisationId: user.organisationId, customerId: customer.id });
  const nameOf = new Map(portfolio.applications.map((a) => [a.id, a.name]));
  const { waves, moveGroups, notMoving, undecided, unknownDependencies, dependsOnRetired } = portfolio.waves;
  return json({
    customer: { id: customer.id, name: customer.name },
    basis: portfolio.basis,
    applicationCount: portfolio.applications.length,
    waves: waves.map((wave) => ({
      ...wave,
      applications: wave.applications.map((a) => ({ ...a, dependsOnNames: a.dependsOn.map((id) => nameOf.get(id) ?? id) })),
    })),
    moveGroups,
    retire: notMoving.filter((a) => a.disposition === "retire"),
    retain: notMoving.filter((a) => a.disposition === "retain"),
    undecided,
    unknownDependencies,
    dependsOnRetired,
  });
}

export default function WavesPage() {
  const data = useLoaderData<typeof loader>();
  const portfolio = `/customers/${data.customer.id}/portfolio`;
  const moving = data.waves.reduce((sum, wave) => sum + wave.applications.length, 0);
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted crumbs">
            <Link to="/customers">Customers</Link> › <Link to={`/customers/${data.customer.id}`}>{data.customer.name}</Link>
          </p>
          <h1>Migration waves</h1>
        </div>
        <nav className="sub-nav" aria-label="Plan pages">
          <Link className="button secondary" to={portfolio}>
            Portfolio
          </Link>
          <Link className="button secondary" to={`/customers/${data.customer.id}/plan`}>
            Plan
          </Link>
        </nav>
      </div>

      {data.applicationCount === 0 ? (
        <p className="card">
          There is no portfolio yet, so there is nothing to place in waves. <Link to={portfolio}>Import or add the applications</Link> first.
        </p>
      ) : (
        <>
          <p className="lede">
            {moving} of {data.applicationCount} applications move, in {data.waves.length} wave{data.waves.length === 1 ? "" : "s"}; {data.retire.length} retire and{" "}
            {data.retain.length} stay where they are for now. Waves follow each application's disposition
            {data.basis ? (
              <>
                {" "}
                (from <Link to={`/assessments/${data.basis.assessmentId}/results`}>{data.basis.title}</Link> and any consultant overrides)
              </>
            ) : (
              " (suggested from the portfolio alone: no assessment counts yet)"
            )}
            .
          </p>
          <details className="card">
            <summary>How waves are made</summary>
            <ol>
              <li>Only applications that move or change (rehost, relocate, replatform, repurchase, refactor) are placed; retire and retain are listed apart.</li>
              <li>Applications that depend on each other in a circle form a move group: they move together, in one wave.</li>
              <li>
                Each has a risk tier:
                <ul>
                  {RISK_TIERS.map((tier) => (
                    <li key={tier.tier}>
                      tier {tier.tier}, {tier.label.toLowerCase()}: {tier.rule}
                    </li>
                  ))}
                </ul>
              </li>
              <li>An application moves no earlier than what it depends on.</li>
              <li>Within a tier, dependencies first, then by name, at most {DEFAULT_MAX_APPLICATIONS_PER_WAVE} applications a wave (a move group is never split).</li>
              <li>Each wave lists its applications' peak windows: keep the move clear of them.</li>
            </ol>
          </details>

          {data.unknownDependencies.length > 0 || data.dependsOnRetired.length > 0 ? (
            <section className="warning" aria-labelledby="findings-title" style={{ marginBottom: "1rem" }}>
              <h2 id="findings-title" style={{ marginTop: 0 }}>
                Check these dependencies
              </h2>
              <ul>
                {data.unknownDependencies.map((d) => (
                  <li key={`${d.applicationId}-${d.dependsOn}`}>
                    {d.applicationName} depends on “{d.dependsOn}”, which is not in the portfolio. It is ignored for ordering.
                  </li>
                ))}
                {data.dependsOnRetired.map((d) => (
                  <li key={`${d.applicationId}-${d.dependsOn}`}>
                    {d.applicationName} depends on {d.dependsOnName}, which is to be retired: something still needs it.
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {data.waves.map((wave) => (
            <section key={wave.number} className="card" aria-labelledby={`wave-${wave.number}`} data-testid={`wave-${wave.number}`}>
              <div className="stone-head">
                <h2 id={`wave-${wave.number}`} style={{ margin: 0 }}>
                  Wave {wave.number}: {wave.label}
                </h2>
                <span className="muted">
                  tier {wave.riskTier} · {wave.applications.length} application{wave.applications.length === 1 ? "" : "s"}
                </span>
              </div>
              {wave.windowsToAvoid.length > 0 ? (
                <p>
                  <strong>Windows to avoid:</strong>{" "}
                  {wave.windowsToAvoid.map((w, index) => (
                    <span key={w.window}>
                      {index > 0 ? "; " : ""}
                      {w.window} <span className="muted small">({w.applicationNames.join(", ")})</span>
                    </span>
                  ))}
                </p>
              ) : (
                <p className="muted small">No peak windows recorded for this wave.</p>
              )}
              <table className="data compact">
                <thead>
                  <tr>
                    <th>Application</th>
                    <th>Disposition</th>
                    <th className="num">Criticality</th>
                    <th>Data</th>
                    <th className="num">Dependents</th>
                    <th>Depends on</th>
                    <th>Move group</th>
                  </tr>
                </thead>
                <tbody>
                  {wave.applications.map((a) => (
                    <tr key={a.applicationId}>
                      <td>
                        <Link to={`${portfolio}?app=${encodeURIComponent(a.applicationId)}`}>{a.name}</Link>
                      </td>
                      <td>
                        <span className={`disposition ${a.disposition}`}>{dispositionName(a.disposition)}</span>
                      </td>
                      <td className="num">{a.criticality}</td>
                      <td>{a.dataSensitivity}</td>
                      <td className="num">{a.dependentCount}</td>
                      <td>{a.dependsOnNames.join("; ") || "—"}</td>
                      <td>{a.moveGroupId ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}

          <section aria-labelledby="groups-title">
            <h2 id="groups-title">Move groups</h2>
            {data.moveGroups.length === 0 ? (
              <p className="muted">No applications depend on each other in a circle: each can move on its own.</p>
            ) : (
              <ul>
                {data.moveGroups.map((group) => (
                  <li key={group.id}>
                    <strong>{group.id}</strong> (wave {group.wave}): {group.applicationNames.join(", ")} depend on each other in a circle, so they move together.
                  </li>
                ))}
              </ul>
            )}
          </section>

          <div className="split">
            <section aria-labelledby="retire-title">
              <h2 id="retire-title">Retire ({data.retire.length})</h2>
              {data.retire.length === 0 ? <p className="muted">None.</p> : <ApplicationList items={data.retire} portfolio={portfolio} />}
            </section>
            <section aria-labelledby="retain-title">
              <h2 id="retain-title">Retain, for now ({data.retain.length})</h2>
              {data.retain.length === 0 ? <p className="muted">None.</p> : <ApplicationList items={data.retain} portfolio={portfolio} />}
            </section>
          </div>
          {data.undecided.length > 0 ? (
            <section aria-labelledby="undecided-title">
              <h2 id="undecided-title">Without a disposition</h2>
              <ApplicationList items={data.undecided.map((a) => ({ ...a, disposition: "" }))} portfolio={portfolio} />
            </section>
          ) : null}
        </>
      )}
    </main>
  );
}

function ApplicationList({ items, portfolio }: { items: { applicationId: string; name: string }[]; portfolio: string }) {
  return (
    <ul>
      {items.map((a) => (
        <li key={a.applicationId}>
          <Link to={`${portfolio}?app=${encodeURIComponent(a.applicationId)}`}>{a.name}</Link>
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
