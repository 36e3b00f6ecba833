import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getOrganisation, updateOrganisationBranding } from "../../db/repositories/organisations";
import { found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/field";
import { sniffLogoType } from "~/domain/colour";
import { db } from "~/db.server";
import { BrandingForm } from "~/forms/settings.server";
import { audit } from "~/services/audit.server";
import { mailConfigured } from "~/mail/config.server";
import { badRequest, parseForm, readUpload } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Branding · Cairn" }];

const MAX_LOGO_BYTES = 256 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "branding:manage" });
  const organisation = found(await getOrganisation(db(), { organisationId: user.organisationId }), "Organisation");
  return json({
    name: organisation.name,
    accentColour: organisation.accent_colour,
    hasLogo: organisation.logo_base64 !== null,
    mailSenderName: organisation.mail_sender_name ?? "",
    mailReplyTo: organisation.mail_reply_to ?? "",
    mailConfigured: mailConfigured(),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "branding:manage" });
  const read = await readUpload(request, { maxPartBytes: MAX_LOGO_BYTES, fileField: "logo", tooLarge: "The logo must be at most 256 KB." });
  if (!read.ok) return read.response;
  const { formData } = read;
  const parsed = parseForm(formData, BrandingForm);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });

  let logo: { base64: string; mimeType: string } | null | undefined;
  const upload = formData.get("logo");
  if (parsed.data.removeLogo === "1") {
    logo = null;
  } else if (upload instanceof File && upload.size > 0) {
    const bytes = new Uint8Array(await upload.arrayBuffer());
    const mimeType = sniffLogoType(bytes);
    if (!mimeType) return badRequest({ fieldErrors: { logo: "The logo must be a PNG or JPEG image." }, values: parsed.values });
    logo = { base64: Buffer.from(bytes).toString("base64"), mimeType };
  }
  await updateOrganisationBranding(db(), { organisationId: user.organisationId, name: parsed.data.name, accentColour: parsed.data.accentColour, logo,
    mailSenderName: parsed.data.mailSenderName || null,
    mailReplyTo: parsed.data.mailReplyTo || null,
  });
  await audit(user, context, "branding.updated", { type: "organisation", id: user.organisationId });
  return json({ ok: true as const, message: "Branding saved. Reports will use it from now on." });
}

export default function Branding() {
  const branding = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  return (
    <main className="page">
      <h1>Branding</h1>
      <p className="muted">Your organisation's name, logo and accent colour appear in the app and on every report.</p>
      {actionData && "message" in actionData ? <p className="notice" role="status">{actionData.message}</p> : null}
      {actionData && "formError" in actionData && actionData.formError ? <p className="form-error" role="alert">{actionData.formError}</p> : null}
      <div className="card">
        <Form method="post" encType="multipart/form-data" className="stacked" noValidate>
          <TextField name="name" label="Organisation name" required defaultValue={values?.name ?? branding.name} error={fieldErrors?.name} />
          <TextField
            name="mailSenderName"
            label="Mail sender name"
            defaultValue={values?.mailSenderName ?? branding.mailSenderName}
            error={fieldErrors?.mailSenderName}
            hint={`Optional: the name invitations come from; empty uses the organisation name.${branding.mailConfigured ? "" : " Mail is not configured on this Cairn yet."} Replies to invitations go to the consultant who sent them.`}
          />
          <TextField
            name="mailReplyTo"
            label="Reply-to for other mail"
            type="email"
            defaultValue={values?.mailReplyTo ?? branding.mailReplyTo}
            error={fieldErrors?.mailReplyTo}
            hint="Optional: where replies to mail no consultant sent (password resets) go."
          />
          <TextField
            name="accentColour"
            label="Accent colour"
            type="color"
            defaultValue={values?.accentColour ?? branding.accentColour}
            error={fieldErrors?.accentColour}
          />
          <TextField name="logo" label="Logo" type="file" accept="image/png,image/jpeg" error={fieldErrors?.logo} hint="PNG or JPEG, at most 256 KB." />
          {branding.hasLogo ? (
            <div>
              <img src="/branding/logo" alt="Current logo" style={{ maxHeight: 64 }} />
              <label style={{ display: "block" }}>
                <input type="checkbox" name="removeLogo" value="1" /> Remove the logo
              </label>
            </div>
          ) : null}
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Save branding
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
