// Subscriptions on the Orion stand-in: NGSI v1 subscribeContext, NGSI v2 create and read, Orion 1.x's initial notification.
import type { OrionApp, OrionHandler, OrionReply } from './app';
import { subscriptionMatches } from './matching';
import type { Notifier } from './notifier';
import type { OrionPersona } from './persona';
import { json, parseJson, scopeOf, v2Error, type Scope } from './scope';
import { hexOf, newObjectId, objectIdFrom, PERMANENT, type OrionStore, type StoredSubscription } from './store';

export interface SubscriptionRoutesOptions {
  store: OrionStore;
  notifier: Notifier;
  persona: OrionPersona;
  multiservice: boolean;
}

const V2_FORMATS = ['normalized', 'keyValues', 'values', 'legacy'];

/** ISO 8601 durations as subscribeContext takes them (PT24H, P1D, PT30M...). */
export function durationSeconds(iso: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso === 'PT') return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** Orion 1.x dates: ISO 8601 with two decimals of seconds. */
export function orionDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '.00Z');
}

/** The layout Orion 1.x writes NGSI v1 answers in. */
function v1Json(status: number, body: unknown): OrionReply {
  return { status, body: `${JSON.stringify(body, null, 2).replace(/": /g, '" : ')}\n`, headers: { 'Content-Type': 'application/json' } };
}

function v1SubscribeError(details: string): OrionReply {
  return v1Json(400, { subscribeError: { errorCode: { code: '400', reasonPhrase: 'Bad Request', details } } });
}

export function renderSubscription(sub: StoredSubscription, persona: OrionPersona, nowSeconds: number): Record<string, unknown> {
  const notification: Record<string, unknown> = {};
  if (sub.count) notification.timesSent = sub.count;
  if (sub.lastNotification) notification.lastNotification = orionDate(sub.lastNotification);
  notification.attrs = sub.attrs;
  notification.attrsFormat = sub.format === 'JSON' ? 'legacy' : sub.format;
  notification.http = { url: sub.reference };
  if (sub.lastFailure) notification.lastFailure = orionDate(sub.lastFailure);
  if (sub.lastFailure && sub.lastFailureReason && persona.hasDeliveryDetails) notification.lastFailureReason = sub.lastFailureReason;
  if (sub.lastSuccess) notification.lastSuccess = orionDate(sub.lastSuccess);
  if (sub.lastSuccess && sub.lastSuccessCode !== undefined && persona.hasDeliveryDetails) notification.lastSuccessCode = sub.lastSuccessCode;
  const failed = (sub.lastFailure ?? 0) > 0 && (sub.lastFailure ?? 0) > (sub.lastSuccess ?? 0);
  const status = sub.expiration < nowSeconds ? 'expired' : failed ? 'failed' : sub.status;
  return {
    id: hexOf(sub._id),
    ...(sub.description ? { description: sub.description } : {}),
    ...(sub.expiration !== PERMANENT ? { expires: orionDate(sub.expiration) } : {}),
    status,
    subject: {
      entities: sub.entities.map((e) => ({ [e.isPattern === 'true' ? 'idPattern' : 'id']: e.id, ...(e.type ? { type: e.type } : {}) })),
      condition: { attrs: sub.conditions },
    },
    notification,
    ...(sub.throttling ? { throttling: sub.throttling } : {}),
  };
}

export function registerSubscriptionRoutes(app: OrionApp, opts: SubscriptionRoutesOptions): void {
  const { store, notifier, persona } = opts;

  async function save(scope: Scope, sub: StoredSubscription): Promise<void> {
    await (await store.subscriptions(scope.tenant)).insertOne(sub);
    if (!persona.sendsInitialNotification) return;
    // Orion 1.x notifies every entity that matches at once, whatever changed.
    const entities = await (await store.entities(scope.tenant)).find({}).toArray();
    const now = Math.floor(Date.now() / 1000);
    for (const entity of entities) {
      if (subscriptionMatches({ ...sub, conditions: [] }, entity, entity.attrNames, now)) notifier.notify(scope.tenant, sub, entity);
    }
  }

  const subscribeContext: OrionHandler = async ({ req, body }) => {
    const scope = scopeOf(req, opts.multiservice);
    let input: { entities?: { id?: string; type?: string; isPattern?: unknown }[]; attributes?: string[]; reference?: string; duration?: string; notifyConditions?: { type?: string; condValues?: string[] }[]; throttling?: string };
    try {
      input = JSON.parse(body);
    } catch {
      return v1SubscribeError('JSON Parse Error');
    }
    if (!input.entities?.length) return v1SubscribeError('invalid payload: mandatory entities list is empty');
    if (!input.reference) return v1SubscribeError('Empty Reference');
    const duration = input.duration ?? 'PT24H';
    const seconds = durationSeconds(duration);
    if (seconds === undefined) return v1SubscribeError('syntax error in duration string');
    const now = Math.floor(Date.now() / 1000);
    const sub: StoredSubscription = {
      _id: newObjectId(),
      expiration: now + seconds,
      reference: input.reference,
      servicePath: scope.servicePath,
      status: 'active',
      entities: input.entities.map((e) => ({ id: e.id ?? '', isPattern: String(e.isPattern) === 'true' ? 'true' : 'false', type: e.type ?? '', isTypePattern: false })),
      attrs: input.attributes ?? [],
      conditions: (input.notifyConditions ?? []).filter((c) => c.type === 'ONCHANGE').flatMap((c) => c.condValues ?? []),
      format: 'JSON',
      throttling: 0,
      count: 0,
    };
    await save(scope, sub);
    return v1Json(200, { subscribeResponse: { subscriptionId: hexOf(sub._id), duration } });
  };

  const createV2: OrionHandler = async ({ req, body }) => {
    const scope = scopeOf(req, opts.multiservice);
    const parsed = parseJson(body);
    if (!parsed.ok) return parsed.reply;
    const input = parsed.value as {
      description?: string;
      subject?: { entities?: { id?: string; idPattern?: string; type?: string }[]; condition?: { attrs?: string[] } };
      notification?: { http?: { url?: string }; attrs?: string[]; attrsFormat?: string };
      expires?: string;
      throttling?: number;
    };
    if (!input.subject?.entities?.length) return v2Error(400, 'BadRequest', 'no subject entities specified');
    const url = input.notification?.http?.url;
    if (!url) return v2Error(400, 'BadRequest', 'http notification is missing');
    const format = input.notification?.attrsFormat ?? 'normalized';
    const formats = persona.hasLegacyFormat ? V2_FORMATS : V2_FORMATS.filter((f) => f !== 'legacy');
    if (!formats.includes(format)) return v2Error(400, 'BadRequest', 'invalid attrsFormat, accepted values: ' + formats.join(', '));
    let expiration = PERMANENT;
    if (input.expires) {
      const t = Date.parse(input.expires);
      if (Number.isNaN(t)) return v2Error(400, 'BadRequest', 'expires is not a valid date');
      expiration = Math.floor(t / 1000);
    }
    const sub: StoredSubscription = {
      _id: newObjectId(),
      expiration,
      reference: url,
      servicePath: scope.servicePath,
      status: 'active',
      ...(input.description ? { description: input.description } : {}),
      entities: input.subject.entities.map((e) => ({ id: e.idPattern ?? e.id ?? '', isPattern: e.idPattern ? 'true' : 'false', type: e.type ?? '', isTypePattern: false })),
      attrs: input.notification?.attrs ?? [],
      conditions: input.subject.condition?.attrs ?? [],
      format,
      throttling: input.throttling ?? 0,
      count: 0,
    };
    await save(scope, sub);
    return { status: 201, headers: { Location: `/v2/subscriptions/${hexOf(sub._id)}` } };
  };

  const readV2: OrionHandler = async ({ req, params }) => {
    const scope = scopeOf(req, opts.multiservice);
    const id = objectIdFrom(params.id);
    const sub = id ? await (await store.subscriptions(scope.tenant)).findOne({ _id: id }) : null;
    if (!sub) return v2Error(404, 'NotFound', 'The requested subscription has not been found. Check id');
    return json(200, renderSubscription(sub, persona, Math.floor(Date.now() / 1000)));
  };

  if (persona.hasNgsiV1) app.route('POST', '/v1/subscribeContext', subscribeContext);
  app.route('POST', '/v2/subscriptions', createV2);
  app.route('GET', '/v2/subscriptions/{id}', readV2);
}
