import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { deleteSessionsOfUser } from "../../db/repositories/sessions";
import { countActiveAdmins, createUser, emailIsTaken, getUser, listUsers, updateUser } from "../../db/repositories/users";
import { found, requireUser } from "~/auth/access.server";
import { hashPassword, MIN_PASSWORD_LENGTH } from "~/auth/password.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/field";
import { db } from "~/db.server";
import { UserAction } from "~/forms/settings.server";
import { audit } from "~/services/audit.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Users · Cairn" }];

const ROLE_OPTIONS = [
  { value: "consultant", label: "Consultant — customers and assessments" },
  { value: "sales", label: "Sales — read results, download reports" },
  { value: "admin", label: "Admin — users and branding, and everything else" },
];
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "users:manage" });
  // Sent from here because the component cannot import server modules' values (they are empty in the browser).
  return json({ users: await listUsers(db(), { organisationId: user.organisationId }), currentUserId: user.id, minPasswordLength: MIN_PASSWORD_LENGTH });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "users:manage" });
  const parsed = parseForm(await readFormData(request), UserAction);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: { ...parsed.values, password: "" } });
  const input = parsed.data;
  const organisationId = admin.organisationId;

  if (input.intent === "create") {
    if (await emailIsTaken(db(), input.email)) {
      return badRequest({ fieldErrors: { email: "A user with this email already exists." }, values: { ...parsed.values, password: "" } });
    }
    const created = await createUser(db(), { organisationId, email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
    await audit(admin, context, "user.created", { type: "user", id: created.id, detail: { role: input.role } });
    return json({ ok: true as const, message: `${created.name} can now sign in as ${created.email}.` });
  }

  const target = found(await getUser(db(), { organisationId, userId: input.userId }), "User");
  const removesAnAdmin = target.role === "admin" && !target.disabled && (input.intent === "disable" || (input.intent === "role" && input.role !== "admin"));
  if (removesAnAdmin && (await countActiveAdmins(db(), { organisationId })) <= 1) {
    return badRequest({ formError: "Every organisation needs at least one active admin." });
  }
  if (input.intent === "role") {
    await updateUser(db(), { organisationId, userId: target.id, role: input.role });
    await audit(admin, context, "user.role-changed", { type: "user", id: target.id, detail: { from: target.role, to: input.role } });
    return json({ ok: true as const, message: `${target.name} is now ${input.role}.` });
  }
  const disabled = input.intent === "disable";
  if (disabled && target.id === admin.id) return badRequest({ formError: "You cannot disable your own account." });
  await updateUser(db(), { organisationId, userId: target.id, disabled });
  if (disabled) await deleteSessionsOfUser(db(), target.id);
  await audit(admin, context, disabled ? "user.disabled" : "user.enabled", { type: "user", id: target.id });
  return json({ ok: true as const, message: `${target.name} is ${disabled ? "disabled and signed out" : "enabled"}.` });
}

export default function Users() {
  const { users, currentUserId, minPasswordLength } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  return (
    <main className="page">
      <h1>Users</h1>
      {actionData && "message" in actionData ? <p className="notice" role="status">{actionData.message}</p> : null}
      {actionData && "formError" in actionData && actionData.formError ? <p className="form-error" role="alert">{actionData.formError}</p> : null}
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <Form method="post" style={{ display: "flex", gap: "0.5rem" }}>
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={u.id} />
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.name}
                  </label>
                  <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                    <option value="admin">admin</option>
                    <option value="consultant">consultant</option>
                    <option value="sales">sales</option>
                  </select>
                  <button type="submit" className="secondary">
                    Change
                  </button>
                </Form>
              </td>
              <td>
                {u.disabled ? <span className="badge archived">disabled</span> : <span className="badge open">active</span>}{" "}
                {u.id !== currentUserId ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <button type="submit" name="intent" value={u.disabled ? "enable" : "disable"} className="link">
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <div className="card">
        <Form method="post" className="stacked" noValidate>
          <input type="hidden" name="intent" value="create" />
          <TextField name="name" label="Name" required defaultValue={values?.name} error={fieldErrors?.name} />
          <TextField name="email" label="Email" type="email" required defaultValue={values?.email} error={fieldErrors?.email} />
          <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue={values?.role ?? "consultant"} error={fieldErrors?.role} />
          <TextField
            name="password"
            label="Initial password"
            type="password"
            autoComplete="new-password"
            required
            error={fieldErrors?.password}
            hint={`At least ${minPasswordLength} characters. Share it with the person privately.`}
          />
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Add user
            </button>
          </div>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
