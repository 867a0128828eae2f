const GOLDEN_ANGLE_DEGREES = 137.508;

/** A stable, well-spread colour for an object class, the same on every photo. */
export function labelColor(label: string): string {
  let hash = 0;
  for (const char of label) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = Math.round((hash * GOLDEN_ANGLE_DEGREES) % 360);
  return `hsl(${hue} 85% 55%)`;
}
