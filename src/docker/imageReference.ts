/**
 * Docker image references (`[host[:port]/]path[:tag][@digest]`), read the way the docker CLI splits them.
 *
 * The first component is a registry host when it contains `.` or `:`, is `localhost`, or has upper-case
 * letters (as in docker's splitDockerDomain). Names are not normalised: `nginx` stays `nginx`, not
 * `docker.io/library/nginx`, because the user should see what they typed.
 */

/**
 * The repository path without a registry host, tag or digest:
 * `ghcr.io/acme/api:1` → `acme/api`, `nginx` → `nginx`, `localhost:5000/a/b` → `a/b`.
 * Text that is not a valid reference is stripped the same way, as well as it can be: the result
 * only suggests a repository name, which the user can still edit.
 */
export function repositoryWithoutRegistry(ref: string): string {
  let rest = ref.trim();
  const at = rest.indexOf('@');
  if (at >= 0) {
    rest = rest.slice(0, at);
  }
  // A tag follows the last ':' only if no '/' comes after it (else the ':' was a registry port).
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

/**
 * The registry host a repository or reference names, as docker reads it: `127.0.0.1:5055/team/app` →
 * `127.0.0.1:5055`, `ghcr.io/acme/api:1` → `ghcr.io`; undefined for `acme/api` or `nginx` (Docker Hub).
 */
export function registryHostOf(ref: string): string | undefined {
  const components = ref.trim().split('/');
  return components.length > 1 && looksLikeDomain(components[0]) ? components[0] : undefined;
}

function looksLikeDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}
