// One source of label colours for the web app and the annotated download (image_processing/service.py).
import labelColours from "../../../image_processing/label_colours.json";

const { palette } = labelColours;
const encoder = new TextEncoder();

/** The colour of an object class, the same on every photo: `palette[(sum of its UTF-8 bytes) % palette length]`. */
export function labelColor(label: string): string {
  let sum = 0;
  for (const byte of encoder.encode(label)) sum += byte;
  return palette[sum % palette.length];
}
