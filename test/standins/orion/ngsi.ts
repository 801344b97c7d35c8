// Registers the Orion stand-in's NGSI routes (entities, subscriptions) and the notifier they share.
import type { LookupFunction } from 'node:net';
import type { OrionApp } from './app';
import { registerEntityRoutes } from './entities';
import { Notifier } from './notifier';
import { orionPersona } from './persona';
import type { OrionStore } from './store';
import { registerSubscriptionRoutes } from './subscriptions';

export interface NgsiOptions {
  store: OrionStore;
  /** The Orion version to behave as (v1 removed in 3.10, no initial notification from 3.1...). */
  version: string;
  /** -multiservice: without it Orion ignores Fiware-Service. */
  multiservice: boolean;
  lookup?: LookupFunction;
  httpTimeoutMs?: number;
  log?: (line: string) => void;
}

export function registerNgsi(app: OrionApp, opts: NgsiOptions): Notifier {
  const persona = orionPersona(opts.version);
  const notifier = new Notifier({ store: opts.store, persona, lookup: opts.lookup, timeoutMs: opts.httpTimeoutMs, log: opts.log });
  registerEntityRoutes(app, { store: opts.store, notifier, multiservice: opts.multiservice });
  registerSubscriptionRoutes(app, { store: opts.store, notifier, persona, multiservice: opts.multiservice });
  return notifier;
}
