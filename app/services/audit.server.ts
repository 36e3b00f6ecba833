import type { AppLoadContext } from "@remix-run/node";
import { recordAuditEventFor } from "../../db/repositories/audit-log";
import type { CurrentUser } from "../auth/access.server";
import { getDatabase } from "../db.server";

/** Records a sensitive action by a signed-in user. */
export async function audit(
  user: CurrentUser,
  context: Pick<AppLoadContext, "clientAddress">,
  action: string,
  target?: { type: string; id: string; detail?: Record<string, unknown> },
): Promise<void> {
  await recordAuditEventFor(getDatabase(), {
    organisationId: user.organisationId,
    userId: user.id,
    action,
    targetType: target?.type,
    targetId: target?.id,
    detail: target?.detail,
    ip: context.clientAddress,
  });
}
