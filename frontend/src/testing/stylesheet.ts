import { readFileSync } from "node:fs";

/**
 * A stylesheet's rules as written, for tests of how things look: jsdom lays nothing out and mixes no colours, so
 * such tests read the rules (`cssRules(readCss(import.meta.url, "./x.module.css"))`) and work the colours out
 * here. Vitest hands a test no stylesheet's text, not even with `?raw`.
 */

/** The text of the stylesheet at `path`, from the module at `from` (its `import.meta.url`). */
export function readCss(from: string, path: string): string {
  return readFileSync(new URL(path, from), "utf8");
}

export type Rule = { selector: string; media: string | null; declarations: Record<string, string> };

/** Red, green and blue (0–255) and alpha (0–1). */
export type Rgba = [number, number, number, number];

function parseDeclarations(block: string): Record<string, string> {
  const declarations: Record<string, string> = {};
  for (const declaration of block.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    declarations[declaration.slice(0, colon).trim()] = declaration
      .slice(colon + 1)
      .trim()
      .replace(/\s+/g, " ");
  }
  return declarations;
}

/** Every rule, with the `@media` it is in (null: none). */
export function cssRules(css: string): Rule[] {
  const rules: Rule[] = [];
  const preludes: string[] = [];
  let text = "";
  for (const char of css.replace(/\/\*[\s\S]*?\*\//g, "")) {
    if (char === "{") {
      preludes.push(text.trim());
      text = "";
    } else if (char === "}") {
      const selector = preludes.pop() ?? "";
      const media = preludes.find((prelude) => prelude.startsWith("@media")) ?? null;
      if (!selector.startsWith("@")) rules.push({ selector, media, declarations: parseDeclarations(text) });
      text = "";
    } else {
      text += char;
    }
  }
  return rules;
}

/** The declarations of the rule with exactly this selector (outside any `@media`, unless one is given). */
export function declarationsOf(rules: Rule[], selector: string, media: string | null = null): Record<string, string> {
  const rule = rules.find((candidate) => candidate.selector === selector && candidate.media === media);
  if (!rule) throw new Error(`No rule for ${selector}${media ? ` in ${media}` : ""}`);
  return rule.declarations;
}

/** The theme's custom properties (src/styles/index.css): the light ones, and the dark ones over them. */
export function themes(): { light: Record<string, string>; dark: Record<string, string> } {
  const rules = cssRules(readCss(import.meta.url, "../styles/index.css"));
  const light = declarationsOf(rules, ":root");
  const dark = rules.find((rule) => rule.selector === ":root" && rule.media?.includes("prefers-color-scheme: dark"));
  return { light, dark: { ...light, ...dark?.declarations } };
}

/** Splits at the commas outside parentheses. */
function splitArguments(text: string): string[] {
  const parts = [""];
  let depth = 0;
  for (const char of text) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) parts.push("");
    else parts[parts.length - 1] += char;
  }
  return parts.map((part) => part.trim());
}

/** `color-mix(in srgb, a p%, b)`: mixed with premultiplied alpha, as browsers do. */
function mix(args: string, vars: Record<string, string>): Rgba {
  const [space, ...colors] = splitArguments(args);
  if (space !== "in srgb" || colors.length !== 2) throw new Error(`Unsupported color-mix(${args})`);
  const [first, second] = colors.map((color) => {
    const percent = color.match(/\s(\d+(?:\.\d+)?)%$/);
    return { color: resolveColor(percent ? color.slice(0, percent.index) : color, vars), percent: percent?.[1] };
  });
  const p1 = first.percent !== undefined ? Number(first.percent) / 100 : undefined;
  const p2 = second.percent !== undefined ? Number(second.percent) / 100 : undefined;
  const w1 = p1 ?? (p2 !== undefined ? 1 - p2 : 0.5);
  const w2 = p2 ?? 1 - w1;
  const alpha = first.color[3] * w1 + second.color[3] * w2;
  const channel = (index: number) =>
    alpha === 0 ? 0 : (first.color[index] * first.color[3] * w1 + second.color[index] * second.color[3] * w2) / alpha;
  return [channel(0), channel(1), channel(2), alpha];
}

/** A colour as written in the stylesheets: `#rrggbb`, `transparent`, `var(--x)` or `color-mix(in srgb, …)`. */
export function resolveColor(value: string, vars: Record<string, string>): Rgba {
  const text = value.trim();
  const variable = text.match(/^var\((--[\w-]+)\)$/);
  if (variable) {
    if (!(variable[1] in vars)) throw new Error(`No ${variable[1]}`);
    return resolveColor(vars[variable[1]], vars);
  }
  if (text === "transparent") return [0, 0, 0, 0];
  const hex = text.match(/^#([0-9a-f]{6})$/i);
  if (hex) return [0, 2, 4].map((at) => parseInt(hex[1].slice(at, at + 2), 16)).concat(1) as Rgba;
  const colorMix = text.match(/^color-mix\((.*)\)$/);
  if (colorMix) return mix(colorMix[1], vars);
  throw new Error(`Unsupported colour ${text}`);
}

/** A colour laid over an opaque background. */
export function over([red, green, blue, alpha]: Rgba, [bgRed, bgGreen, bgBlue]: Rgba): Rgba {
  return [
    red * alpha + bgRed * (1 - alpha),
    green * alpha + bgGreen * (1 - alpha),
    blue * alpha + bgBlue * (1 - alpha),
    1,
  ];
}

function luminance([red, green, blue]: Rgba): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** WCAG's contrast ratio of two opaque colours, 1 to 21. */
export function contrast(first: Rgba, second: Rgba): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
