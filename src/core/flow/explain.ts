// Names the likely cause of a broken chain from what the flow saw (recipe.md, "What goes wrong" 7, 8, 9, 12).
import type { ReferenceCheck } from './reference';
import type { Explanation, FlowStep, SubscriptionStatus } from './types';
import { versionAtLeast } from '../version';

export interface FlowEvidence {
  readonly service: string;
  readonly servicePath: string;
  readonly reference: string;
  readonly entityId: string;
  readonly entityType: string;
  readonly queryAttribute: string;
  readonly subscriptionApi: 'v1' | 'v2';
  readonly orionVersion?: string;
  /** The first Orion step (version, insert, subscribe, update) that did not get the answer it needed. */
  readonly failedStep?: FlowStep;
  /** The last STH query, when one was sent. */
  readonly query?: FlowStep;
  /** Whether a value of this run reached STH. */
  readonly landed: boolean;
  readonly subscription?: SubscriptionStatus;
  /** Values found when querying with the lower-cased service (only probed when the service has capitals). */
  readonly lowerCaseValues?: number;
  readonly referenceCheck?: ReferenceCheck;
}

const quote = (s: string, max = 200): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

function stepFailure(step: FlowStep, e: FlowEvidence): Explanation[] {
  if (step.error) {
    return [{
      code: 'orionUnreachable', item: 11,
      summary: `Orion did not answer at ${new URL(step.request.url).origin}`,
      evidence: `${step.request.method} ${step.request.url}: ${step.error}`,
      fix: 'Check the Orion URL (setting cometSwarm.flow.orionUrl or --orion) and that port 1026 is published and answers on that address.',
    }];
  }
  const body = step.response?.body ?? '';
  if (step.name === 'subscribe' && e.subscriptionApi === 'v1' && (/Service not found/i.test(body) || versionAtLeast(e.orionVersion, '3.10.0'))) {
    return [{
      code: 'ngsiV1Removed', item: 12,
      summary: `Orion ${e.orionVersion ?? ''} has no NGSI v1: the recipe's subscribe.sh cannot work`.replace('  ', ' '),
      evidence: `POST /v1/subscribeContext answered ${step.response?.status}: ${quote(body)}`,
      fix: 'Subscribe with NGSI v2 and "attrsFormat": "legacy" (run the flow with v2), or deploy Orion < 3.10 as the recipe does.',
    }];
  }
  if (step.name === 'subscribe' && e.subscriptionApi === 'v2' && (/attrsFormat/i.test(body) || versionAtLeast(e.orionVersion, '4.0.0'))) {
    return [{
      code: 'legacyFormatRemoved', item: 12,
      summary: `Orion ${e.orionVersion ?? ''} cannot send the legacy format that STH-Comet 2.x stores`.replace('  ', ' '),
      evidence: `POST /v2/subscriptions answered ${step.response?.status}: ${quote(body)}`,
      fix: 'Use an Orion below 4.0 with STH-Comet, or an STH-Comet that reads NGSI v2 notifications.',
    }];
  }
  return [{
    code: 'subscribeRefused', item: 7,
    summary: `Orion refused the ${step.name} step`,
    evidence: `${step.request.method} ${step.request.url} answered ${step.response?.status}: ${quote(body)}`,
    fix: 'Read Orion\'s answer above; the entity, service and service path must be the ones Orion holds.',
  }];
}

/** Explanations, most likely first; empty when the chain works. */
export function explain(e: FlowEvidence): Explanation[] {
  if (e.failedStep) return stepFailure(e.failedStep, e);
  if (e.query?.error) {
    return [{
      code: 'cometUnreachable', item: 11,
      summary: `STH-Comet did not answer at ${new URL(e.query.request.url).origin}`,
      evidence: `${e.query.request.method} ${e.query.request.url}: ${e.query.error}`,
      fix: 'Check the Comet URL (setting cometSwarm.flow.cometUrl or --comet) and that port 8666 is published; without IPVS the routing mesh does not answer.',
    }];
  }
  if (e.landed) return [];
  const out: Explanation[] = [];
  const n = e.subscription?.notification ?? {};
  const ref = e.referenceCheck;
  const refDetail = ref ? ` The swarm says: ${ref.detail}.` : '';
  const lowered = e.service.toLowerCase();

  if (e.service !== lowered) {
    const sure = (e.lowerCaseValues ?? 0) > 0;
    out.push({
      code: 'serviceCase', item: 9,
      summary: `STH answered no values under service "${e.service}"; Orion lower-cases services, so it notified "${lowered}"`,
      evidence: sure ? `The same query with Fiware-Service "${lowered}" finds ${e.lowerCaseValues} value(s).` : `Fiware-Service "${e.service}" has capitals; STH-Comet keeps case (database sth_${e.service} is not sth_${lowered}).`,
      fix: `Use the service "${lowered}" (lower case) everywhere: in the subscription, the updates and the STH queries.`,
    });
    if (sure) return out;
  }
  if (e.subscription?.status === 'expired') {
    out.push({
      code: 'subscriptionExpired', item: 7,
      summary: 'The subscription has expired, so Orion notifies nothing',
      evidence: `status "expired"${e.subscription.expires ? `, expires ${e.subscription.expires}` : ''}`,
      fix: 'NGSI v1 subscriptions last PT24H by default: subscribe again, or with NGSI v2 and no "expires".',
    });
  }
  const failedLast = n.lastFailure !== undefined && (n.lastSuccess === undefined || n.lastFailure > n.lastSuccess);
  if (n.lastFailureReason && /resolve/i.test(n.lastFailureReason) || (failedLast && !n.lastFailureReason && ref?.verdict === 'unknownName')) {
    out.push({
      code: 'referenceUnresolvable', item: 7,
      summary: `The reference ${e.reference} does not resolve from Orion`,
      evidence: `${n.lastFailureReason ? `lastFailureReason "${n.lastFailureReason}"` : `status "${e.subscription?.status}", lastFailure ${n.lastFailure}`}.${refDetail}`,
      fix: 'Point the subscription at a name Orion can resolve: the Comet service name without the stack prefix (http://comet:8666/notify) on a network Orion shares (frontend or backend).',
    });
  } else if (failedLast) {
    out.push({
      code: ref?.verdict === 'notShared' ? 'referenceNotShared' : 'referenceUnreachable', item: 7,
      summary: ref?.verdict === 'notShared' ? `Comet answers to ${ref.host}, but on no network Orion is on` : `Orion could not deliver to ${e.reference}`,
      evidence: `${n.lastFailureReason ? `lastFailureReason "${n.lastFailureReason}"` : `lastFailure ${n.lastFailure}`}.${refDetail}`,
      fix: 'Comet must listen on 0.0.0.0 (STH_HOST), be up before Orion notifies, and share the frontend or backend network with Orion.',
    });
  } else if (n.lastSuccessCode !== undefined && n.lastSuccessCode >= 400 || (n.lastSuccess !== undefined && n.lastSuccessCode === undefined && e.service === '')) {
    if (e.service === '') {
      out.push({
        code: 'notificationRejectedNoService', item: 8,
        summary: 'STH-Comet rejected the notifications: they carry no Fiware-Service header',
        evidence: `lastSuccessCode ${n.lastSuccessCode ?? '(not shown by this Orion)'} with an empty service: Orion sends Fiware-Service only for a non-empty service, and STH answers 400 "error=child \\"fiware-service\\" fails because [fiware-service is required]".`,
        fix: 'Subscribe with a non-empty, lower-case service (the recipe uses "default").',
      });
    } else {
      out.push({
        code: 'notificationRejected', item: 8,
        summary: `STH-Comet answered ${n.lastSuccessCode} to Orion's notifications`,
        evidence: `lastSuccessCode ${n.lastSuccessCode}, attrsFormat "${n.attrsFormat ?? '?'}"`,
        fix: n.attrsFormat && n.attrsFormat !== 'legacy'
          ? 'STH-Comet 2.x reads only the legacy format: subscribe with "attrsFormat": "legacy".'
          : 'STH-Comet rejects notifications without Fiware-Service/Fiware-ServicePath and those without attributes; check its log for the 400 it answered.',
      });
    }
  } else if (!n.timesSent && !n.lastNotification && e.subscription) {
    out.push({
      code: 'noNotification', item: 7,
      summary: 'Orion has sent no notification for this subscription',
      evidence: `timesSent 0, no lastNotification (status "${e.subscription.status ?? '?'}")`,
      fix: `The subscription must match the entity (${e.entityId}, type ${e.entityType}) under service "${e.service}" and path "${e.servicePath}", and the update must change an attribute it watches.`,
    });
  }
  if (ref && (ref.verdict === 'unknownName' || ref.verdict === 'notShared') && !out.some((x) => x.code === 'referenceUnresolvable' || x.code === 'referenceNotShared')) {
    out.push({
      code: ref.verdict === 'unknownName' ? 'referenceUnresolvable' : 'referenceNotShared', item: 7,
      summary: `The reference ${e.reference} may not reach Comet from Orion`,
      evidence: ref.detail,
      fix: 'Use the Comet service name without the stack prefix (comet) and attach Comet to a network Orion is on.',
    });
  }
  if (out.length === 0) {
    out.push({
      code: 'emptyValues', item: 9,
      summary: 'Orion delivered, but STH answers no value of this run for the query',
      evidence: `${e.query ? `${e.query.request.url} answered ${e.query.response?.status}` : 'no STH query'}; subscription timesSent ${n.timesSent ?? 0}, lastSuccess ${n.lastSuccess ?? 'none'}`,
      fix: `Check the query's type and id (${e.entityType}/${e.entityId}, not swapped), the attribute (${e.queryAttribute}), and the service path "${e.servicePath}".`,
    });
  }
  return out;
}
