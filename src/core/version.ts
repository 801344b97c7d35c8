// Dotted version numbers (Orion 1.12.0, STH-Comet 2.11.0, mongod 3.2.22) compared part by part.

/** True when `version` is `wanted` or later; a missing version is never late enough. */
export function versionAtLeast(version: string | undefined, wanted: string): boolean {
  if (!version) return false;
  const a = version.split('.').map((part) => parseInt(part, 10) || 0);
  const b = wanted.split('.').map((part) => parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length, 3); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
