import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOrganisation } from "../../db/repositories/organisations";
import { found, requireUser } from "~/auth/access.server";
import { db } from "~/db.server";

/** The signed-in user's own organisation logo; there is no way to name another organisation's. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisation = found(await getOrganisation(db(), { organisationId: user.organisationId }), "Organisation");
  if (!organisation.logo_base64 || !organisation.logo_mime_type) throw new Response("No logo.", { status: 404 });
  return new Response(Buffer.from(organisation.logo_base64, "base64"), {
    headers: { "Content-Type": organisation.logo_mime_type, "Cache-Control": "private, max-age=86400" },
  });
}
