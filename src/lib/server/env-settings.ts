/** Settings read from the environment, each with its default when unset or not usable. */

/** A positive whole number from `process.env[name]`, or `fallback` when unset, zero, negative or not a whole number. */
export function positiveIntegerSetting(name: string, fallback: number): number {
  const configured = Number(process.env[name]);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
}
