import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getCustomer, updateCustomer } from "../../db/repositories/customers";
import { found, requireUser } from "~/auth/access.server";
import { CustomerForm } from "~/components/customer-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { audit } from "~/services/audit.server";
import { CustomerForm as CustomerFormSchema } from "~/services/customers.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Edit customer · Cairn" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  return json({ customer });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const parsed = parseForm(await readFormData(request), CustomerFormSchema);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  await updateCustomer(db(), { organisationId: user.organisationId, customerId: customer.id, ...parsed.data });
  await audit(user, context, "customer.updated", { type: "customer", id: customer.id });
  return redirect(`/customers/${customer.id}`);
}

export default function EditCustomer() {
  const { customer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <main className="page">
      <h1>Edit {customer.name}</h1>
      <div className="card">
        <CustomerForm values={actionData?.values ?? customer} fieldErrors={actionData?.fieldErrors} submitLabel="Save changes" />
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
