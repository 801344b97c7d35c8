// The recipe's own values for the check flow (insert.sh, subscribe.sh, update.sh, query_sth.sh).
import type { FlowOptions } from './types';

export const RECIPE_DEFAULTS: FlowOptions = {
  orionUrl: 'http://127.0.0.1:1026',
  cometUrl: 'http://127.0.0.1:8666',
  service: 'default',
  servicePath: '/',
  entityId: 'Room1',
  entityType: 'Room',
  attributes: [
    { name: 'temperature', type: 'Float', initial: 23, updateType: 'Float', updated: 30.3 },
    { name: 'pressure', type: 'Integer', initial: 720, updateType: 'Float', updated: 767 },
  ],
  reference: 'http://comet:8666/notify',
  subscription: 'auto',
  queryAttribute: 'temperature',
  lastN: 3,
  waitTimeoutMs: 20_000,
  maxPolls: 30,
  requestTimeoutMs: 10_000,
};

/** The defaults with `overrides` applied; undefined overrides are ignored. */
export function flowOptions(overrides: Partial<FlowOptions> = {}): FlowOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...RECIPE_DEFAULTS, ...defined } as FlowOptions;
}
