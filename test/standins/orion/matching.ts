// Which subscriptions an entity change fires (ONCHANGE on the condition attributes), and sending them.
import type { Notifier } from './notifier';
import type { OrionStore, StoredEntity, StoredSubscription } from './store';

export function subscriptionMatches(sub: StoredSubscription, entity: StoredEntity, changed: readonly string[], nowSeconds: number): boolean {
  if (sub.status !== 'active' || sub.expiration < nowSeconds) return false;
  if (sub.servicePath !== entity._id.servicePath && !(sub.servicePath === '/#' || (sub.servicePath.endsWith('/#') && entity._id.servicePath.startsWith(sub.servicePath.slice(0, -2))))) return false;
  const entityMatches = sub.entities.some((e) => {
    const idOk = e.isPattern === 'true' ? new RegExp(e.id).test(entity._id.id) : e.id === entity._id.id;
    return idOk && (!e.type || e.type === entity._id.type);
  });
  if (!entityMatches) return false;
  return sub.conditions.length === 0 || sub.conditions.some((c) => changed.includes(c));
}

/** Looks the tenant's subscriptions up in Mongo on every change (like -noCache), so every replica sees the same ones. */
export async function fireSubscriptions(store: OrionStore, notifier: Notifier, tenant: string, entity: StoredEntity, changed: readonly string[]): Promise<void> {
  if (changed.length === 0) return;
  const subs = await (await store.subscriptions(tenant)).find({}).toArray();
  const now = Math.floor(Date.now() / 1000);
  for (const sub of subs) if (subscriptionMatches(sub, entity, changed, now)) notifier.notify(tenant, sub, entity);
}
