import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { createCustomer } from "../../db/repositories/customers";
import { requireUser } from "~/auth/access.server";
import { CustomerForm } from "~/components/customer-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { audit } from "~/services/audit.server";
import { CustomerForm as CustomerFormSchema } from "~/services/customers.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New customer · Cairn" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "customers:write" });
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const parsed = parseForm(await readFormData(request), CustomerFormSchema);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  const customer = await createCustomer(db(), { organisationId: user.organisationId, createdBy: user.id, ...parsed.data });
  await audit(user, context, "customer.created", { type: "customer", id: customer.id });
  return redirect(`/customers/${customer.id}`);
}

export default function NewCustomer() {
  const actionData = useActionData<typeof action>();
  return (
    <main className="page">
      <h1>New customer</h1>
      <div className="card">
        <CustomerForm values={actionData?.values} fieldErrors={actionData?.fieldErrors} submitLabel="Create customer" />
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
