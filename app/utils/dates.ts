/*
 * Dates and times as pages show them, in UTC and said so: the server renders the page and the
 * browser hydrates it, and a time zone of either's own would make the two disagree.
 */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
}

export function formatDateTime(iso: string): string {
  return `${new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" })} UTC`;
}

export function formatTime(iso: string): string {
  return `${new Date(iso).toLocaleTimeString("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" })} UTC`;
}
