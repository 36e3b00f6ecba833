import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { CSSProperties } from "react";
import { getOrganisation } from "../../db/repositories/organisations";
import { can, found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisation = found(await getOrganisation(db(), { organisationId: user.organisationId }), "Organisation");
  return json({
    user,
    organisation: {
      name: organisation.name,
      accentColour: organisation.accent_colour,
      hasLogo: organisation.logo_base64 !== null,
      logoVersion: organisation.updated_at,
    },
    permissions: {
      writeCustomers: can(user, "customers:write"),
      manageUsers: can(user, "users:manage"),
      manageBranding: can(user, "branding:manage"),
      readAudit: can(user, "audit:read"),
      downloadReports: can(user, "reports:download"),
      manageQuestionnaires: can(user, "questionnaires:manage"),
    },
  });
}

/** For child routes that need the signed-in user's permissions without asking the server again. */
export function useAppData() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  if (!data) throw new Error("useAppData must be used inside the signed-in app");
  return data;
}

export default function AppLayout() {
  const { user, organisation, permissions } = useLoaderData<typeof loader>();
  return (
    <div style={{ "--accent": organisation.accentColour } as CSSProperties}>
      <header className="app-header">
        <a className="brand" href="/dashboard">
          {organisation.hasLogo ? <img src={`/branding/logo?v=${encodeURIComponent(organisation.logoVersion)}`} alt="" /> : null}
          <span>{organisation.name}</span>
        </a>
        <nav className="app-nav" aria-label="Main">
          <NavLink to="/dashboard">Dashboard</NavLink>
          <NavLink to="/customers">Customers</NavLink>
          {permissions.downloadReports ? <NavLink to="/reports">Reports</NavLink> : null}
          {permissions.manageUsers ? <NavLink to="/settings/users">Users</NavLink> : null}
          {permissions.manageBranding ? <NavLink to="/settings/branding">Branding</NavLink> : null}
          {permissions.manageQuestionnaires ? <NavLink to="/settings/questionnaires">Questionnaires</NavLink> : null}
          {permissions.readAudit ? <NavLink to="/settings/audit">Audit log</NavLink> : null}
        </nav>
        <div className="user-menu">
          <span>
            {user.name} <span className="badge">{user.role}</span>
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
