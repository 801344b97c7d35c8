// What an STH-Comet version can do on its data path: the features that changed between 2.2.0 and 2.11.0.
export interface SthPersona {
  version: string;
  /** `count=true` and the Fiware-Total-Count answer header (2.4.0). */
  hasCount: boolean;
  /** `GET /STH/v2/entities/{id}/attrs/{attr}?type=` with NGSIv2 error bodies (2.7.0). */
  hasV2: boolean;
}

function atLeast(version: string, wanted: string): boolean {
  const a = version.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export function sthPersona(version: string): SthPersona {
  return { version, hasCount: atLeast(version, '2.4.0'), hasV2: atLeast(version, '2.7.0') };
}
