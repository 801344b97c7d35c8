// Sends Orion's notifications to a subscription's reference and records the outcome on the subscription, as Orion does.
import * as http from 'node:http';
import type { LookupFunction } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { OrionPersona } from './persona';
import { hexOf, type OrionStore, type StoredEntity, type StoredSubscription } from './store';

export interface NotifierOptions {
  store: OrionStore;
  persona: OrionPersona;
  /** Name resolution for references (tests pass one that knows only their own names). */
  lookup?: LookupFunction;
  /** Orion's -httpTimeout. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** libcurl's words for the failures a notification meets, which Orion stores as lastFailureReason. */
function curlReason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return "Couldn't resolve host name";
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return "Couldn't connect to server";
    case 'ETIMEDOUT':
      return 'Timeout was reached';
    default:
      return 'Failure when receiving data from the peer';
  }
}

/** The NGSI v1 rendering of an attribute value: numbers stay numbers, as Orion 1.x renders them. */
function legacyBody(sub: StoredSubscription, entity: StoredEntity, attrNames: string[]): unknown {
  return {
    subscriptionId: hexOf(sub._id),
    originator: 'localhost',
    contextResponses: [{
      contextElement: {
        type: entity._id.type,
        isPattern: 'false',
        id: entity._id.id,
        attributes: attrNames.map((name) => ({ name, type: entity.attrs[name].type, value: entity.attrs[name].value })),
      },
      statusCode: { code: '200', reasonPhrase: 'OK' },
    }],
  };
}

function normalizedBody(sub: StoredSubscription, entity: StoredEntity, attrNames: string[]): unknown {
  const data: Record<string, unknown> = { id: entity._id.id, type: entity._id.type };
  for (const name of attrNames) data[name] = { type: entity.attrs[name].type, value: entity.attrs[name].value, metadata: {} };
  return { subscriptionId: hexOf(sub._id), data: [data] };
}

export interface Delivery {
  subscriptionId: string;
  ok: boolean;
  statusCode?: number;
  failureReason?: string;
}

export class Notifier {
  private readonly pending = new Set<Promise<Delivery>>();

  constructor(private readonly opts: NotifierOptions) {}

  /** Sends in the background, as Orion answers the update before it notifies. */
  notify(tenant: string, sub: StoredSubscription, entity: StoredEntity): void {
    const p = this.send(tenant, sub, entity).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when every notification under way has been answered or failed (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async send(tenant: string, sub: StoredSubscription, entity: StoredEntity): Promise<Delivery> {
    const attrNames = (sub.attrs.length ? sub.attrs : entity.attrNames).filter((a) => entity.attrs[a]);
    const body = JSON.stringify(sub.format === 'normalized' ? normalizedBody(sub, entity, attrNames) : legacyBody(sub, entity, attrNames));
    const url = new URL(sub.reference);
    const headers: Record<string, string> = {
      'User-Agent': `orion/${this.opts.persona.version} libcurl/7.29.0`,
      Host: `${url.hostname}:${url.port || 80}`,
      ...(tenant ? { 'fiware-service': tenant } : {}),
      'Fiware-ServicePath': entity._id.servicePath || '/',
      Accept: 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'Content-Type': 'application/json',
      'Fiware-Correlator': randomUUID(),
      ...(sub.format !== 'JSON' && sub.format !== 'legacy' ? { 'Ngsiv2-AttrsFormat': sub.format } : {}),
    };
    const outcome = await new Promise<Delivery>((resolve) => {
      const req = http.request({
        hostname: url.hostname,
        port: url.port || 80,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        lookup: this.opts.lookup,
        timeout: this.opts.timeoutMs ?? 5000,
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ subscriptionId: hexOf(sub._id), ok: true, statusCode: res.statusCode }));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => resolve({ subscriptionId: hexOf(sub._id), ok: false, failureReason: curlReason(err as NodeJS.ErrnoException) }));
      req.end(body);
    });
    const now = Math.floor(Date.now() / 1000);
    const set: Record<string, unknown> = { lastNotification: now };
    if (outcome.ok) Object.assign(set, { lastSuccess: now, lastSuccessCode: outcome.statusCode });
    else Object.assign(set, { lastFailure: now, lastFailureReason: outcome.failureReason });
    try {
      await (await this.opts.store.subscriptions(tenant)).updateOne({ _id: sub._id }, { $set: set, $inc: { count: 1 } });
    } catch (err) {
      this.opts.log?.(`cannot record the notification of ${hexOf(sub._id)}: ${String(err)}`);
    }
    this.opts.log?.(outcome.ok ? `Notification Successfully Sent to ${sub.reference} (${outcome.statusCode})` : `Notification failure for ${sub.reference}: ${outcome.failureReason}`);
    return outcome;
  }
}
