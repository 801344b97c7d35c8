// Whether the images a stack names are on the node Comet Swarm talks to; a registry is never asked.
import type { DockerClient } from '../docker/client';

/** `docker.io/library/x:t`, `library/x:t` and `x:t` are one image; no tag means latest. */
export function normalizeImage(reference: string): string {
  let name = reference.split('@')[0].replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (!/:[^/]+$/.test(name)) name += ':latest';
  return name;
}

export async function localImageTags(docker: DockerClient): Promise<Set<string>> {
  const images = (await docker.listImages()) as { RepoTags?: string[] | null }[];
  return new Set(images.flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(normalizeImage));
}

export interface ImageVerdict {
  readonly service: string;
  readonly image: string;
  readonly present: boolean;
}

export function judgeImages(images: readonly { service: string; image: string }[], present: ReadonlySet<string>): ImageVerdict[] {
  return images.map((i) => ({ ...i, present: present.has(normalizeImage(i.image)) }));
}
