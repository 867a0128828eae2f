import { formatDay } from "@/lib/format";

/**
 * The gallery's date range in words: "1 May 2024 – 31 May 2024", "from 1 May 2024", "until 31 May 2024",
 * or null when there is none.
 */
export function dateRangeText(takenAfter?: string | null, takenBefore?: string | null): string | null {
  if (takenAfter && takenBefore) return `${formatDay(takenAfter)} – ${formatDay(takenBefore)}`;
  if (takenAfter) return `from ${formatDay(takenAfter)}`;
  if (takenBefore) return `until ${formatDay(takenBefore)}`;
  return null;
}

/** Whether a range ends before it starts (YYYY-MM-DD days compare as text): it would find no photo. */
export function isReversedRange(takenAfter?: string | null, takenBefore?: string | null): boolean {
  return Boolean(takenAfter && takenBefore && takenAfter > takenBefore);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real day as a date field writes it (YYYY-MM-DD), or null: anything else in the URL is ignored. */
export function parseDay(value: string | null | undefined): string | null {
  if (!value || !DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

/**
 * The earliest year a typed day is taken at: typing "2019" into a date field goes through years 2, 20 and 201,
 * each a day the field reports ("0002-03-15").
 */
const FIRST_YEAR = "1000";

/** A whole day a date field holds, from the year 1000 on; null for anything else (empty, or still being typed). */
export function fieldDay(value: string): string | null {
  const day = parseDay(value);
  return day && day >= FIRST_YEAR ? day : null;
}

/**
 * What a date field's new value does to the filter: a day to search from or to, null when the field was emptied
 * (that end is open again), or undefined while a day is still being typed (the field has part of one: it reports
 * no value, `incomplete`, or a year under 1000), which changes nothing.
 */
export function typedDay(value: string, incomplete: boolean): string | null | undefined {
  if (value === "") return incomplete ? undefined : null;
  return fieldDay(value) ?? undefined;
}
