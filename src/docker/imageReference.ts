/**
 * Docker image references, following the grammar of distribution/reference (the one the docker CLI uses):
 *
 *     reference  := name [ ":" tag ] [ "@" digest ]
 *     name       := [ domain "/" ] path-component [ "/" path-component ]*
 *     domain     := host [ ":" port ]        (only when the first component looks like a host, see below)
 *     path-comp  := [a-z0-9]+ ( ( [._] | "__" | "-"+ ) [a-z0-9]+ )*
 *     tag        := [\w][\w.-]{0,127}
 *     digest     := algorithm ":" hex (32+ chars)
 *
 * The first component is a registry host when it contains `.` or `:`, is `localhost`, or has upper-case
 * letters (as in docker's splitDockerDomain). Names are not normalised: `nginx` stays `nginx`, not
 * `docker.io/library/nginx`, because the user should see what they typed.
 */
export interface ImageReference {
  registry?: string;
  /** Repository path without the registry host. */
  repository: string;
  tag?: string;
  digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Docker's limit on the whole name (domain + path). */
const NAME_TOTAL_LENGTH_MAX = 255;

/** Parses `ref` with docker's reference grammar; `undefined` when it is not a valid reference. */
export function parseImageReference(ref: string): ImageReference | undefined {
  if (ref.length === 0 || ref !== ref.trim()) {
    return undefined;
  }
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      return undefined;
    }
  }
  // A tag follows the last ':' only if no '/' comes after it (else the ':' was a registry port).
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon + 1).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return undefined;
    }
  }
  if (rest.length === 0 || rest.length > NAME_TOTAL_LENGTH_MAX) {
    return undefined;
  }
  const components = rest.split('/');
  let registry: string | undefined;
  if (components.length > 1 && looksLikeDomain(components[0])) {
    registry = components.shift()!;
    if (!DOMAIN.test(registry)) {
      return undefined;
    }
  }
  if (!components.every((c) => PATH_COMPONENT.test(c))) {
    return undefined;
  }
  const result: ImageReference = { repository: components.join('/') };
  if (registry !== undefined) {
    result.registry = registry;
  }
  if (tag !== undefined) {
    result.tag = tag;
  }
  if (digest !== undefined) {
    result.digest = digest;
  }
  return result;
}

function looksLikeDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}

/**
 * The repository path without a registry host, tag or digest:
 * `ghcr.io/acme/api:1` → `acme/api`, `nginx` → `nginx`, `localhost:5000/a/b` → `a/b`.
 * For text that is not a valid reference, the same stripping is applied as well as it can be.
 */
export function repositoryWithoutRegistry(ref: string): string {
  const parsed = parseImageReference(ref);
  if (parsed) {
    return parsed.repository;
  }
  let rest = ref.trim();
  const at = rest.indexOf('@');
  if (at >= 0) {
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon + 1).includes('/')) {
    rest = rest.slice(0, colon);
  }
  const components = rest.split('/');
  if (components.length > 1 && looksLikeDomain(components[0])) {
    components.shift();
  }
  return components.join('/');
}
