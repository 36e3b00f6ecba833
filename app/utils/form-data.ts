/**
 * The submitted form of an action. A body that is not a form (JSON, plain text, a broken
 * multipart body) is the sender's mistake: it is answered 4xx here rather than thrown on as a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    throw new Response("This page accepts only a form sent from the page itself.", { status: 415, statusText: "Unsupported Media Type" });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read. Please send it again from the page.", { status: 400, statusText: "Bad Request" });
  }
}

