// Registers STH-Comet's data path (notifications in, history out) on the stand-in's HTTP app.
import type { SthApp } from './app';
import type { MongoClientLike } from './driver';
import { historyHandler } from './history';
import { notifyHandler } from './notify';
import { sthPersona } from './persona';

export interface DataPathOptions {
  client: MongoClientLike;
  /** The STH-Comet version to behave as; routes and parameters differ between 2.2.0 and 2.7.0+. */
  version: string;
  log?: (line: string) => void;
  silentHangUpMs?: number;
}

export function registerDataPath(app: SthApp, opts: DataPathOptions): void {
  const persona = sthPersona(opts.version);
  app.route('POST', '/notify', notifyHandler({ client: opts.client, log: opts.log, silentHangUpMs: opts.silentHangUpMs }));
  app.route('GET', '/STH/v1/contextEntities/type/{entityType}/id/{entityId}/attributes/{attrName}', historyHandler({ client: opts.client, persona }, false));
  if (persona.hasV2) app.route('GET', '/STH/v2/entities/{entityId}/attrs/{attrName}', historyHandler({ client: opts.client, persona }, true));
}
