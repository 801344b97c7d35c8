// Reads STH-Comet 2.2.0's settings from the environment and builds the database URI exactly as it does.
export interface SthConfig {
  host: string;
  port: number;
  dbUri: string;
  replicaSet: string;
  username: string;
  password: string;
  dbPrefix: string;
  defaultService: string;
  defaultServicePath: string;
  poolSize: number;
  logLevel: string;
}

const LOG_LEVELS = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG'];

/** Defaults are those of STH-Comet 2.2.0's config.js; env wins when set (empty counts as unset). */
export function readSthConfig(env: NodeJS.ProcessEnv = process.env): SthConfig {
  const port = env.STH_PORT && !Number.isNaN(Number(env.STH_PORT)) ? parseInt(env.STH_PORT, 10) : 8666;
  const level = (env.LOGOPS_LEVEL ?? '').toUpperCase();
  return {
    host: env.STH_HOST || 'localhost',
    port,
    dbUri: env.DB_URI || 'localhost:27017',
    replicaSet: env.REPLICA_SET || '',
    username: env.DB_USERNAME || '',
    password: env.DB_PASSWORD || '',
    dbPrefix: env.DB_PREFIX || 'sth_',
    defaultService: env.DEFAULT_SERVICE || 'testservice',
    defaultServicePath: env.DEFAULT_SERVICE_PATH && env.DEFAULT_SERVICE_PATH.startsWith('/') ? env.DEFAULT_SERVICE_PATH : '/testservicepath',
    poolSize: env.POOL_SIZE && !Number.isNaN(Number(env.POOL_SIZE)) ? parseInt(env.POOL_SIZE, 10) : 5,
    logLevel: LOG_LEVELS.includes(level) ? level : 'INFO',
  };
}

/**
 * The URI STH-Comet 2.2.0 connects to: `mongodb://` + auth + `@` + DB_URI + `/` + database
 * [+ `?replicaSet=` + REPLICA_SET]. The `@` is there even with no credentials.
 */
export function sthConnectionUrl(cfg: SthConfig): string {
  const auth = cfg.username && cfg.password ? `${cfg.username}:${cfg.password}` : '';
  return `mongodb://${auth}@${cfg.dbUri}/${cfg.dbPrefix}${cfg.defaultService}${cfg.replicaSet ? `?replicaSet=${cfg.replicaSet}` : ''}`;
}

/**
 * The same URI as the 3.x driver must be given it: the 2.x driver STH 2.2.0 shipped with read an
 * empty user-info (`mongodb://@host`) as "no credentials", the 3.x parser refuses it. Nothing else
 * changes, so a DB_URI carrying its own `mongodb://` still yields a host named `mongodb`.
 */
export function driverUrl(sthUrl: string): string {
  return sthUrl.startsWith('mongodb://@') ? `mongodb://${sthUrl.slice('mongodb://@'.length)}` : sthUrl;
}
