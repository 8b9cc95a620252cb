/**
 * ecrPush.removeLocalAliasAfterPush: the rules (only the tag the push created, only while it names the
 * pushed image, never the image's last tag), then the pipeline running them over the fake docker CLI,
 * which replays real `docker image inspect` / `image rm` output of a push's alias (fixtures/captured/alias-*).
 */
import * as assert from 'node:assert/strict';
import { parseImageInspectOutput } from '../../../src/docker/localImage';
import { aliasesCreatedByPush, planAliasRemoval } from '../../../src/push/aliasCleanup';
import { readCaptured } from '../fakeCli/paths';
import { HAPPY, HOST, MemoryEcr, PipelineHarness } from './pipelineHarness';

const captured = (file: string) => parseImageInspectOutput(readCaptured(file))[0];
const BEFORE_TAG = captured('alias-inspect-before-tag.json');
const AFTER_PUSH = captured('alias-inspect-after-push.json');
const UNTAGGED = captured('alias-inspect-untagged.json');
const UNTAGGED_AFTER_TAG = captured('alias-inspect-untagged-after-tag.json');
const ALIAS = '127.0.0.1:5055/team/pushed:1.0';

describe('aliasesCreatedByPush', () => {
  it('is every target the image did not have before the push', () => {
    assert.deepEqual(aliasesCreatedByPush([ALIAS], BEFORE_TAG.repoTags), [ALIAS]);
  });

  it('leaves out a target the image already had (a tag the user made, or an earlier push left)', () => {
    assert.deepEqual(aliasesCreatedByPush([ALIAS, '127.0.0.1:5055/team/pushed:2.0'], AFTER_PUSH.repoTags), [
      '127.0.0.1:5055/team/pushed:2.0',
    ]);
  });
});

describe('planAliasRemoval', () => {
  it('removes the alias the push created when the image keeps its own tag (captured: capture/pushed:1.0 stays)', () => {
    assert.deepEqual(AFTER_PUSH.repoTags, [ALIAS, 'capture/pushed:1.0'], 'the captured image after its push');
    assert.deepEqual(planAliasRemoval({ imageId: AFTER_PUSH.id, created: [ALIAS], current: AFTER_PUSH }), { remove: [ALIAS], keep: [] });
  });

  it('keeps an alias that is the image’s only tag: removing it would delete the image (captured: an untagged image pushed by id)', () => {
    const alias = '127.0.0.1:5055/team/untagged:1';
    assert.deepEqual(UNTAGGED.repoTags, []);
    assert.deepEqual(UNTAGGED_AFTER_TAG.repoTags, [alias]);
    const created = aliasesCreatedByPush([alias], UNTAGGED.repoTags);
    assert.deepEqual(planAliasRemoval({ imageId: UNTAGGED.id, created, current: UNTAGGED_AFTER_TAG }), {
      remove: [],
      keep: [
        {
          alias,
          reason: `Kept the local tag ${alias}: the image ${UNTAGGED.id} has no other tag, and removing its last one would delete the image.`,
        },
      ],
    });
  });

  it('keeps every alias when all the image’s tags are aliases of this push (pushed by image id with two tags)', () => {
    const current = { id: 'sha256:x', repoTags: ['h/r:1', 'h/r:2'] };
    const plan = planAliasRemoval({ imageId: 'sha256:x', created: ['h/r:1', 'h/r:2'], current });
    assert.deepEqual(plan.remove, []);
    assert.deepEqual(
      plan.keep.map((k) => k.alias),
      ['h/r:1', 'h/r:2'],
    );
  });

  it('leaves alone an alias that names another image by now (moved during the push)', () => {
    const plan = planAliasRemoval({ imageId: AFTER_PUSH.id, created: ['h/r:moved', ALIAS], current: AFTER_PUSH });
    assert.deepEqual(plan.remove, [ALIAS]);
    assert.deepEqual(plan.keep, [
      { alias: 'h/r:moved', reason: `Left the local tag h/r:moved alone: it no longer names the pushed image ${AFTER_PUSH.id}.` },
    ]);
  });

  it('removes nothing when the image is gone or is another one', () => {
    assert.deepEqual(planAliasRemoval({ imageId: AFTER_PUSH.id, created: [ALIAS], current: undefined }).remove, []);
    assert.deepEqual(planAliasRemoval({ imageId: AFTER_PUSH.id, created: [ALIAS], current: UNTAGGED_AFTER_TAG }).remove, []);
  });
});

describe('PushPipeline with ecrPush.removeLocalAliasAfterPush (fake docker CLI, captured output)', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  afterEach(() => harness.cleanup());

  /** The captured image is `capture/pushed:1.0`; the harness's registry host is HOST (127.0.0.1:5055). */
  const scenario = {
    ...HAPPY,
    'image inspect': [{ stdout: 'alias-inspect-before-tag.json' }, { stdout: 'alias-inspect-after-push.json' }],
    'image rm': { stdout: 'alias-rm.stdout.txt' },
  };
  const request = { source: 'capture/pushed:1.0', repository: 'team/pushed', tags: ['1.0'] };

  it('after the verified push, runs docker image rm of exactly the alias it created, checked against the image by id', async () => {
    harness = new PipelineHarness(scenario, new MemoryEcr());
    harness.removeLocalAliasAfterPush = true;
    const result = await harness.run(request);
    assert.equal(`${HOST}/team/pushed:1.0`, ALIAS);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push', 'image inspect', 'image rm']);
    const calls = harness.argvs();
    assert.deepEqual(calls[5], ['image', 'inspect', AFTER_PUSH.id], 'the check reads the pushed image by id');
    assert.deepEqual(calls[6], ['image', 'rm', ALIAS]);
    assert.deepEqual(result.removedLocalAliases, [ALIAS]);
    assert.ok(
      harness.lines.some((line) => line.startsWith(`Removed the local tag ${ALIAS} that this push created`)),
      harness.lines.join('\n'),
    );
  });

  it('does nothing of the kind with the setting off (the default)', async () => {
    harness = new PipelineHarness(scenario, new MemoryEcr());
    const result = await harness.run(request);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push']);
    assert.deepEqual(result.removedLocalAliases, []);
  });

  it('keeps a tag the image already had before the push, and says so', async () => {
    harness = new PipelineHarness({ ...scenario, 'image inspect': { stdout: 'alias-inspect-after-push.json' } }, new MemoryEcr());
    harness.removeLocalAliasAfterPush = true;
    const result = await harness.run(request);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push']);
    assert.deepEqual(result.removedLocalAliases, []);
    assert.ok(
      harness.lines.includes(
        'No local tag to remove (ecrPush.removeLocalAliasAfterPush): the image had every pushed tag before this push.',
      ),
    );
  });

  it('never removes the image’s last tag: an untagged image pushed by its id keeps the alias, and the log says why', async () => {
    harness = new PipelineHarness(
      { ...scenario, 'image inspect': [{ stdout: 'alias-inspect-untagged.json' }, { stdout: 'alias-inspect-untagged-after-tag.json' }] },
      new MemoryEcr(),
    );
    harness.removeLocalAliasAfterPush = true;
    const result = await harness.run({ source: UNTAGGED.id, repository: 'team/untagged', tags: ['1'] });
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push', 'image inspect']);
    assert.deepEqual(result.removedLocalAliases, []);
    assert.ok(
      harness.lines.some((line) =>
        line.startsWith(`Kept the local tag ${HOST}/team/untagged:1: the image ${UNTAGGED.id} has no other tag`),
      ),
    );
  });

  it('reports a failed docker image rm as a warning; the push still succeeds', async () => {
    harness = new PipelineHarness({ ...scenario, 'image rm': { stderr: 'tag-missing.stderr.txt', exit: 1 } }, new MemoryEcr());
    harness.removeLocalAliasAfterPush = true;
    const result = await harness.run(request);
    assert.equal(result.imageUri, ALIAS);
    assert.deepEqual(result.removedLocalAliases, []);
    assert.ok(
      harness.lines.some(
        (line) => line.startsWith(`Could not remove the local tag ${ALIAS}:`) && line.endsWith('The push itself succeeded.'),
      ),
    );
  });
});
