// Which part of the HA recipe a service plays, judged from its image and arguments.
export type ServiceRole = 'comet' | 'mongo' | 'mongoController' | 'orion' | 'other';

/** The repository part of an image reference: no registry host, tag or digest, `library/` dropped. */
export function imageRepository(image: string): string {
  let ref = image.split('@')[0];
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  // A first part with a dot, a colon or "localhost" is a registry host, as Docker decides it.
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) parts.shift();
  if (parts.length > 1 && parts[0] === 'library') parts.shift();
  return parts.join('/').toLowerCase();
}

/** The tag of an image reference, or undefined when it has none (Docker then means `latest`). */
export function imageTag(image: string): string | undefined {
  const ref = image.split('@')[0];
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
}

export function classifyService(image: string, args: readonly string[]): ServiceRole {
  const repository = imageRepository(image);
  const name = repository.split('/').pop() ?? repository;
  if (name === 'fiware-sth-comet' || name === 'sth-comet') return 'comet';
  if (repository === 'fiware/orion' || name === 'fiware-orion') return 'orion';
  // The recipe's controller (martel/mongo-replica-ctrl, smartsdk/mongo-rs-controller-swarm).
  if (/mongo-(replica|rs)-(ctrl|controller)/.test(name)) return 'mongoController';
  if (name === 'mongo' || name === 'mongodb' || name === 'mongodb-community-server' || args.includes('--replSet')) return 'mongo';
  return 'other';
}
