const UNITS: Record<string, number> = {
  // docker (go-units HumanSize) prints SI units: 1 kB = 1000 B.
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  // Binary units are not what docker prints here, but accept them rather than guess.
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * Converts docker's human size text (`7.8MB`, `300kB`, `0B`, `1.2GB`) to bytes, SI multipliers.
 * Docker rounds to 4 significant digits, so the result is approximate. `undefined` when unparseable.
 */
export function parseSizeText(text: string): number | undefined {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) {
    return undefined;
  }
  const unit = match[2].toLowerCase() || 'b';
  const multiplier = UNITS[unit];
  if (multiplier === undefined) {
    return undefined;
  }
  return Math.round(parseFloat(match[1]) * multiplier);
}

const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/**
 * Bytes as docker prints them (`303.1kB`, `2MB`): SI units, 4 significant digits. For engines whose
 * listing gives bytes (podman), so every engine's sizes read the same in the views.
 */
export function formatSizeText(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < SI_UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(4))}${SI_UNITS[unit]}`;
}
