// What an Orion version does differently on the NGSI paths the check flow uses.
export interface OrionPersona {
  version: string;
  /** NGSI v1 (`/v1/subscribeContext`) answers until 3.10 removed it. */
  hasNgsiV1: boolean;
  /** The notification sent when a subscription is made, dropped in 3.1. */
  sendsInitialNotification: boolean;
  /** `attrsFormat: legacy` exists until 4.0. */
  hasLegacyFormat: boolean;
  /** `lastFailureReason` and `lastSuccessCode` in GET /v2/subscriptions/{id} (2.2). */
  hasDeliveryDetails: boolean;
}

export function versionAtLeast(version: string, wanted: string): boolean {
  const a = version.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export function orionPersona(version: string): OrionPersona {
  return {
    version,
    hasNgsiV1: !versionAtLeast(version, '3.10.0'),
    sendsInitialNotification: !versionAtLeast(version, '3.1.0'),
    hasLegacyFormat: !versionAtLeast(version, '4.0.0'),
    hasDeliveryDetails: versionAtLeast(version, '2.2.0'),
  };
}
