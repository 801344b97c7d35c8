// Runs the recipe's check (insert, subscribe, update, query) against Orion and STH-Comet, waits for the data, and explains a failure.
import { explain } from './explain';
import { exchange, parseJson } from './http';
import {
  aggregateRequest, historyRequest, insertRequest, subscribeV1Request, subscribeV2Request, subscriptionStatusRequest, updateRequest, versionRequest,
} from './payloads';
import type { ReferenceCheck } from './reference';
import type { FlowOptions, FlowResult, FlowStep, HistoryValue, SubscriptionStatus } from './types';
import { versionAtLeast } from '../version';

export interface RunHooks {
  readonly signal?: AbortSignal;
  /** Called as each step completes (the webview draws cards as they come). */
  readonly onStep?: (step: FlowStep) => void;
  /** What the swarm says about the reference, when a snapshot is at hand. */
  readonly referenceCheck?: ReferenceCheck;
}

interface V1History { contextResponses?: { contextElement?: { attributes?: { values?: HistoryValue[] }[] } }[] }

export function historyValues(step: FlowStep | undefined): HistoryValue[] {
  const body = parseJson<V1History>(step?.response?.body);
  const values = body?.contextResponses?.[0]?.contextElement?.attributes?.[0]?.values;
  return Array.isArray(values) ? values : [];
}

/** The wait between STH polls: quick at first, then slower, never above 2 s. */
export function backoffMs(attempt: number): number {
  return Math.min(2000, Math.round(200 * 1.6 ** attempt));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** The subscription is failing for good enough reasons to stop waiting early. */
function hopeless(status: SubscriptionStatus | undefined): boolean {
  const n = status?.notification;
  return status?.status === 'expired' || status?.status === 'failed' || (n?.lastSuccessCode !== undefined && n.lastSuccessCode >= 400);
}

export async function runFlow(o: FlowOptions, hooks: RunHooks = {}): Promise<FlowResult> {
  const started = Date.now();
  const steps: FlowStep[] = [];
  const send = async (step: Promise<FlowStep>): Promise<FlowStep> => {
    const done = await step;
    steps.push(done);
    hooks.onStep?.(done);
    return done;
  };
  const http = { timeoutMs: o.requestTimeoutMs, signal: hooks.signal };
  const updated = o.attributes.find((a) => a.name === o.queryAttribute)?.updated;
  let subscriptionApi: 'v1' | 'v2' = o.subscription === 'v2' ? 'v2' : 'v1';
  let orionVersion: string | undefined;
  let subscriptionId: string | undefined;
  let subscription: SubscriptionStatus | undefined;
  let failedStep: FlowStep | undefined;
  let query: FlowStep | undefined;
  let landed = false;
  let lowerCaseValues: number | undefined;
  let aggregate: unknown;

  const finish = (): FlowResult => {
    const explanations = explain({
      service: o.service, servicePath: o.servicePath, reference: o.reference, entityId: o.entityId, entityType: o.entityType, queryAttribute: o.queryAttribute,
      subscriptionApi, orionVersion, failedStep, query, landed, subscription, lowerCaseValues, referenceCheck: hooks.referenceCheck,
    });
    return {
      ok: landed && explanations.length === 0, options: o, steps, subscriptionId, orionVersion, subscriptionApi,
      values: historyValues(query), ...(aggregate !== undefined ? { aggregate } : {}), explanations,
      startedAt: new Date(started).toISOString(), durationMs: Date.now() - started,
    };
  };

  // What STH holds before the run, so that old values of the same entity never count as this run's.
  const baseline = await send(exchange('baseline', historyRequest(o), http));
  if (baseline.error) {
    query = baseline;
    return finish();
  }
  const before = historyValues(baseline).map((v) => v.recvTime).sort().pop() ?? '';

  const version = await send(exchange('orionVersion', versionRequest(o), http));
  if (!version.ok) { failedStep = version; return finish(); }
  orionVersion = parseJson<{ orion?: { version?: string } }>(version.response?.body)?.orion?.version;
  if (o.subscription === 'auto') subscriptionApi = versionAtLeast(orionVersion, '3.10.0') ? 'v2' : 'v1';

  const insert = await send(exchange('insert', insertRequest(o), http));
  if (!insert.ok) { failedStep = insert; return finish(); }

  let subscribe = await send(exchange('subscribe', subscriptionApi === 'v1' ? subscribeV1Request(o) : subscribeV2Request(o), http));
  if (o.subscription === 'auto' && subscriptionApi === 'v1' && /Service not found/i.test(subscribe.response?.body ?? '')) {
    // An Orion without NGSI v1 (3.10+) whose version did not say so: the v2 form STH reads is the way.
    subscriptionApi = 'v2';
    subscribe = await send(exchange('subscribe', subscribeV2Request(o), http));
  }
  subscriptionId = subscriptionApi === 'v1'
    ? parseJson<{ subscribeResponse?: { subscriptionId?: string } }>(subscribe.response?.body)?.subscribeResponse?.subscriptionId
    : subscribe.response?.headers.location?.split('/').pop();
  if (!subscribe.ok || !subscriptionId) { failedStep = subscribe; return finish(); }

  const update = await send(exchange('update', updateRequest(o), http));
  if (!update.ok) { failedStep = update; return finish(); }

  // Poll STH and Orion's view of the subscription until this run's update lands, within bounds of count and time.
  const deadline = Date.now() + o.waitTimeoutMs;
  let polls = 0;
  let statusStep: FlowStep | undefined;
  for (;;) {
    polls++;
    query = await exchange('query', historyRequest(o), http);
    statusStep = await exchange('subscriptionStatus', subscriptionStatusRequest(o, subscriptionId), http);
    subscription = parseJson<SubscriptionStatus>(statusStep.response?.body) ?? subscription;
    landed = !query.error && historyValues(query).some((v) => v.recvTime > before && String(v.attrValue) === String(updated));
    if (landed || query.error || hooks.signal?.aborted) break;
    if (polls >= o.maxPolls || Date.now() + backoffMs(polls) > deadline) break;
    if (polls >= 3 && hopeless(subscription)) break;
    await sleep(backoffMs(polls), hooks.signal);
  }
  await send(Promise.resolve({ ...statusStep, attempts: polls }));
  await send(Promise.resolve({ ...query, attempts: polls, ok: landed }));

  if (!landed && !query.error && o.service !== o.service.toLowerCase()) {
    const probe = await send(exchange('probeService', historyRequest(o, o.service.toLowerCase()), http));
    lowerCaseValues = historyValues(probe).length;
  }
  const aggregateReq = aggregateRequest(o);
  if (landed && aggregateReq) {
    const step = await send(exchange('aggregate', aggregateReq, http));
    aggregate = parseJson<V1History>(step.response?.body)?.contextResponses?.[0]?.contextElement?.attributes?.[0]?.values;
  }
  return finish();
}
