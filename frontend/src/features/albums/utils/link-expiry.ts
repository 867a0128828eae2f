/**
 * The moment a link chosen to last "until" a day (YYYY-MM-DD, the day picker's value) stops working: the end of
 * that day where the person is, as the API takes it (ISO, UTC).
 */
export function expiryOfDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year, month - 1, date, 23, 59, 59).toISOString();
}

/** Today, as the day picker writes it: the first day a link may last until. */
export function today(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "Never expires", "Works until 12 June 2025", "Expired on 3 May 2025": the day where the person is. */
export function expiryText(expiresAt: string | null, now = new Date(), locale?: string): string {
  if (expiresAt === null) return "Never expires";
  const end = new Date(expiresAt);
  const day = end.toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" });
  return end <= now ? `Expired on ${day}` : `Works until ${day}`;
}
