// The ports a compose file publishes, per service, after interpolation (short and long syntax, as docker stack deploy reads them).
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Environment } from '../envfile/types';
import { interpolate } from '../lint/interpolate';

export interface ComposePort {
  readonly service: string;
  readonly published: number;
  readonly target: number;
  readonly protocol: string;
  readonly mode: 'ingress' | 'host';
}

/** `"8666:8666"`, `"127.0.0.1:8666:8666/tcp"`, `"8000-8001:8000-8001"`, `8666` (target only: nothing published). */
export function parseShortPort(service: string, text: string): ComposePort[] {
  const [spec, protocol = 'tcp'] = text.trim().split('/');
  const parts = spec.split(':');
  if (parts.length < 2) return [];
  const published = parts[parts.length - 2];
  const target = parts[parts.length - 1];
  const range = (value: string): number[] => {
    const [from, to = from] = value.split('-').map(Number);
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from || to - from > 1000) return [];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  };
  const publishedPorts = range(published);
  const targetPorts = range(target);
  return publishedPorts.map((port, i) => ({ service, published: port, target: targetPorts[i] ?? targetPorts[0] ?? port, protocol, mode: 'ingress' as const }));
}

export function composePublishedPorts(text: string, env: Environment): ComposePort[] {
  const document = parseDocument(text);
  const services = document.get('services', true);
  if (!isMap(services)) return [];
  const value = (node: unknown): string | undefined => (isScalar(node) && node.value !== null ? interpolate(String(node.value), env).value : undefined);
  const ports: ComposePort[] = [];
  for (const pair of services.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const service = String(pair.key.value);
    const list = pair.value.get('ports', true);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (isScalar(item)) {
        ports.push(...parseShortPort(service, value(item) ?? ''));
      } else if (isMap(item)) {
        const published = Number(value(item.get('published', true)));
        const target = Number(value(item.get('target', true)));
        if (!Number.isInteger(published) || published <= 0) continue;
        ports.push({ service, published, target, protocol: value(item.get('protocol', true)) ?? 'tcp', mode: value(item.get('mode', true)) === 'host' ? 'host' : 'ingress' });
      }
    }
  }
  return ports;
}
