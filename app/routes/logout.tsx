import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/auth/session.server";

// Signing out is a POST: a link or an image elsewhere cannot sign anyone out.
export async function action({ request }: ActionFunctionArgs) {
  return signOut(request);
}

export async function loader() {
  return redirect("/");
}
