import { CreateRepositoryCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { contentKey, tarChunks } from '../fixtures/tarStream';
import { ecrClient, sharedStack, uniqueName } from './sharedStack';

async function basicAuth(): Promise<string> {
  const token = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
  assert.ok(token);
  return `Basic ${token}`;
}

/** Peak resident memory of a process in bytes (VmHWM), from /proc. */
function peakRss(pid: number): number {
  const line = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(line, 'no VmHWM');
  return Number(line[1]) * 1024;
}

describe('registry front (HTTP level)', () => {
  it('challenges requests without valid credentials with Basic auth, as docker login expects', async () => {
    const { registry } = sharedStack();
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Basic ' + Buffer.from('AWS:guess').toString('base64') },
      { authorization: 'Bearer x' },
    ]) {
      const response = await fetch(`http://${registry.host}/v2/`, { headers });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm="[^"]+"/);
      assert.equal(((await response.json()) as { errors: Array<{ code: string }> }).errors[0].code, 'UNAUTHORIZED');
    }
    // The registry's own per-run password is accepted too (for tools that log in without ECR).
    const own = await fetch(`http://${registry.host}/v2/`, {
      headers: { authorization: 'Basic ' + Buffer.from(`AWS:${registry.password}`).toString('base64') },
    });
    assert.equal(own.status, 200);
  });

  it('streams a large blob upload through to the registry without holding it in memory, keeping the client on the front', async function () {
    this.timeout(300_000);
    const stack = sharedStack();
    const repository = uniqueName('front/big');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const authorization = await basicAuth();
    const base = `http://${stack.registry.host}`;

    const started = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { authorization } });
    assert.equal(started.status, 202, await started.text());
    const location = started.headers.get('location') ?? '';
    const uploadUrl = new URL(location, base);
    assert.equal(uploadUrl.host, stack.registry.host, `Location ${location} must point at the front`);

    const size = 300 * 1024 * 1024;
    const hash = createHash('sha256');
    const chunks = (function* () {
      for (const chunk of tarChunks([{ name: 'x', size, key: contentKey() }], false)) {
        hash.update(chunk);
        yield chunk;
      }
    })();
    const patched = await fetch(uploadUrl, {
      method: 'PATCH',
      headers: { authorization, 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(patched.status, 202, await patched.text());
    const digest = `sha256:${hash.digest('hex')}`;
    const putUrl = new URL(patched.headers.get('location') ?? '', base);
    assert.equal(putUrl.host, stack.registry.host);
    putUrl.searchParams.set('digest', digest);
    const put = await fetch(putUrl, { method: 'PUT', headers: { authorization } });
    assert.equal(put.status, 201, await put.text());

    const head = await fetch(`${base}/v2/${repository}/blobs/${digest}`, { method: 'HEAD', headers: { authorization } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('docker-content-digest'), digest);
    assert.ok(Number(head.headers.get('content-length')) > size);
    if (stack.servicesPid) {
      // A buffering proxy would have needed more than the upload's size.
      assert.ok(peakRss(stack.servicesPid) < 200 * 1024 * 1024, `services peak RSS ${peakRss(stack.servicesPid)}`);
    }
  });
});
