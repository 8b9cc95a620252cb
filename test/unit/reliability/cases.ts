/**
 * The reliability catalogue (issue 5): every bad input, fault, load/lifetime, secret and trust case,
 * each with an id, the input or fault, the expected message (or its key part) and the expected state.
 * Tests name themselves with `caseTitle(id)` — the id in brackets — and assert `expected` against the
 * real message (`expectedMessage` fills `{uri}` and `{digest}` with the push's own values), so the table
 * in docs/reliability.md shows exactly what is checked. `tier` says which suite runs it: `unit` (plain mocha, fake docker CLI / mocked SDK) or
 * `integration` (the real VS Code host against the real engine, registry and fake ECR).
 */

export type Category = 'Bad input' | 'ECR faults' | 'Docker faults' | 'Load and lifetime' | 'Secrets' | 'Untrusted workspaces';
export type Tier = 'unit' | 'integration';

export interface ReliabilityCase {
  readonly id: string;
  readonly category: Category;
  /** The input or fault, as a person would describe it. */
  readonly input: string;
  /**
   * The exact message, or the key part a test asserts is contained in it. `{uri}` and `{digest}` stand
   * for the pushed image URI and digest of the test's own push (see expectedMessage).
   */
  readonly expected: string;
  /** What must (not) have changed: registry, repositories, docker calls, processes. */
  readonly state: string;
  readonly tier: Tier;
}

const NOTHING = 'nothing created, tagged, pushed or deleted: no docker call after the checks, no ECR call';
const NOTHING_CMD = 'refused before anything runs: no ECR call, no registry tag';
const UNCHANGED = 'no repository created, no tag in the registry';
const TOKEN_UNUSABLE = 'no docker login; nothing created (the repository existed), no tag';
/** The line the ECR Push log shows when a push succeeded (src/ui/PushController). */
const PUSHED = 'Pushed {uri} ({digest}).';

const B = (id: string, input: string, expected: string, state = NOTHING, tier: Tier = 'unit'): ReliabilityCase => ({
  id,
  category: 'Bad input',
  input,
  expected,
  state,
  tier,
});
const E = (id: string, input: string, expected: string, state: string, tier: Tier = 'integration'): ReliabilityCase => ({
  id,
  category: 'ECR faults',
  input,
  expected,
  state,
  tier,
});
const D = (id: string, input: string, expected: string, state: string, tier: Tier = 'unit'): ReliabilityCase => ({
  id,
  category: 'Docker faults',
  input,
  expected,
  state,
  tier,
});
const L = (id: string, input: string, expected: string, state: string, tier: Tier = 'integration'): ReliabilityCase => ({
  id,
  category: 'Load and lifetime',
  input,
  expected,
  state,
  tier,
});
const S = (id: string, input: string, expected: string, state: string, tier: Tier): ReliabilityCase => ({
  id,
  category: 'Secrets',
  input,
  expected,
  state,
  tier,
});
const U = (id: string, input: string, expected: string, state: string): ReliabilityCase => ({
  id,
  category: 'Untrusted workspaces',
  input,
  expected,
  state,
  tier: 'integration',
});

export const CASES: readonly ReliabilityCase[] = [
  // ── Bad input: repository names ──
  B('B01', 'repository name empty', 'Enter a repository name, e.g. my-app or team/my-app.'),
  B('B02', 'repository name `a`', 'A repository name must be 2 to 255 characters long (this one has 1).'),
  B('B03', 'repository name `MyApp` (uppercase)', 'Repository names must be lowercase: try "myapp".'),
  B('B04', 'repository name of 256 characters', 'A repository name must be 2 to 255 characters long (this one has 256).'),
  B('B05', 'repository name `a..b`', '"a..b" is not a valid ECR repository name.'),
  B('B06', 'repository name `a/`', '"a/" is not a valid ECR repository name.'),
  B('B07', 'repository name `/a`', '"/a" is not a valid ECR repository name.'),
  B('B08', 'repository name `a//b`', '"a//b" is not a valid ECR repository name.'),
  B(
    'B09',
    'repository name `123456789012.dkr.ecr.us-east-1.amazonaws.com/app` (pipeline)',
    'is a full image URI. Enter only the repository name: app.',
  ),
  B(
    'B10',
    'repositoryName `123456789012.dkr.ecr.us-east-1.amazonaws.com/app` as command argument',
    'Pass repositoryName "app", accountId "123456789012" and region "us-east-1" instead.',
    NOTHING_CMD,
    'integration',
  ),
  B(
    'B11',
    'repository name `app;rm -rf ~`',
    'Repository names cannot contain spaces or characters such as ; $ ` ( ) — found in "app;rm -rf ~".',
  ),
  B('B12', 'repository name `$(id)`', 'Repository names cannot contain spaces or characters such as ; $ ` ( ) — found in "$(id)".'),
  B(
    'B13',
    'repository name with backticks `` `id` ``',
    'Repository names cannot contain spaces or characters such as ; $ ` ( ) — found in "`id`".',
  ),
  B(
    'B14',
    'repository name with a newline `app\\nrm`',
    'Repository names cannot contain spaces or characters such as ; $ ` ( ) — found in "app rm".',
  ),
  // ── Bad input: tags ──
  B('B15', 'tag of 129 characters', 'A tag can be at most 128 characters long (this one has 129).'),
  B('B16', 'tag `.hidden` (leading `.`)', '".hidden" is not a valid tag.'),
  B('B17', 'tag `-rc` (leading `-`)', '"-rc" is not a valid tag.'),
  B('B18', 'tag `a:b`', '"a:b" is not a valid tag.'),
  B('B19', 'tag `a@b`', '"a@b" is not a valid tag.'),
  B('B20', 'tag `a b`', '"a b" is not a valid tag.'),
  B('B21', 'tag empty', 'Enter at least one tag, e.g. latest or 1.0.0 (several: 1.0.0, latest).'),
  // ── Bad input: image references ──
  B(
    'B22',
    'image `no/such-image:1` that does not exist locally',
    'The local image "no/such-image:1" does not exist.',
    'docker version + image inspect only; no ECR call, no tag, no push',
  ),
  B('B23', 'image `<none>:<none>`', 'An untagged <none> image has no name: push it by its image id instead.'),
  B(
    'B24',
    'image id `sha256:…` with an explicit target (allowed)',
    'pushed: docker tag sha256:… HOST/team/app:from-id',
    'the id is tagged and pushed as the explicit target',
  ),
  B(
    'B25',
    'image that does not exist, through ecrPush.pushImage in the real host',
    'does not exist',
    'no ECR call, no registry tag',
    'integration',
  ),
  // ── Bad input: regions and accounts ──
  B('B26', 'region `us-east-1a`', 'That looks like an availability zone; drop the final letter.'),
  B('B27', 'region `US-EAST-1`', 'Regions are lowercase: try "us-east-1".'),
  B('B28', 'region empty', 'Enter an AWS region, e.g. us-east-1.'),
  B(
    'B29',
    'region `cn-north-1` (accepted)',
    'Verified 127.0.0.1:5055/team/app:1.0 → sha256:4dca88b0',
    'the ECR session opens in cn-north-1; docker tag and push target the registry host ECR returned (argv checked)',
  ),
  B('B30', 'account id of 11 digits', 'An AWS account id is exactly 12 digits ("12345678901" has 11 characters).'),
  B('B31', 'account id of 13 digits', 'An AWS account id is exactly 12 digits ("1234567890123" has 13 characters).'),
  // ── Bad input: access keys ──
  B(
    'B32',
    'access key `ASIA…` without a session token',
    'Keys starting with ASIA are temporary and need their session token.',
    'not stored',
  ),
  B('B33', 'access key id of 7 characters', 'this one has 7 characters.', 'not stored'),
  B(
    'B34',
    'access key id with lowercase letters (wrong charset)',
    'An access key id is 20 characters of A–Z and 2–7 starting with AKIA',
    'not stored',
  ),
  B(
    'B35',
    'secret access key with a space inside (wrong charset)',
    'A secret access key is 40 characters of letters, digits, "/" and "+"',
    'not stored',
  ),
  B(
    'B36',
    'spaces typed around key, secret and token in the real input boxes',
    'Spaces around the pasted values were removed.',
    'stored trimmed: the next push signs with exactly the stack key and secret (the fake ECR verifies the signature) and sends the token without the spaces',
    'integration',
  ),
  // ── Bad input: settings ──
  B(
    'B37',
    'setting `ecrPush.region: 42`',
    'Setting ecrPush.region must be a string, not 42; using "".',
    'warning in the log; the push still runs with the region given',
    'integration',
  ),
  B(
    'B38',
    'setting `ecrPush.createRepository.imageTagMutability: "SOMETIMES"`',
    'Setting ecrPush.createRepository.imageTagMutability must be one of MUTABLE, IMMUTABLE, not "SOMETIMES"; using MUTABLE.',
    'warning in the log; the repository is created MUTABLE',
    'integration',
  ),
  B('B39', '`ecrPush.containerCommand` = a file without the execute bit', 'the file is not executable (permission denied).', NOTHING),
  B('B40', '`ecrPush.containerCommand` = a directory', 'it is a directory, not an executable file.', NOTHING),
  // ── Bad input: command arguments ──
  B('B41', 'command args without repositoryName', 'ecrPush.pushImage needs repositoryName', NOTHING_CMD, 'integration'),
  B('B42', 'command args with an extra field `colour`', 'Unknown argument colour for ecrPush.pushImage', NOTHING_CMD, 'integration'),
  B('B43', 'command args with a number for repositoryName', 'repositoryName must be a string, not a number.', NOTHING_CMD, 'integration'),
  B(
    'B44',
    'command args with a number in imageTag',
    'imageTag must be a string or a non-empty array of strings',
    NOTHING_CMD,
    'integration',
  ),
  B(
    'B45',
    'command args carrying `secretAccessKey`',
    'does not accept AWS credentials as arguments (secretAccessKey)',
    NOTHING_CMD,
    'integration',
  ),
  B(
    'B46',
    'command args carrying `awsCredentials: {…}`',
    'they would end up in tasks.json, keybindings or logs',
    NOTHING_CMD,
    'integration',
  ),
  // ── Bad input: after a push (scan, add tag, pull) ──
  B('B47', 'Add Tag with newTag `bad tag!`', '"bad tag!" is not a valid tag.', NOTHING_CMD, 'integration'),
  B('B48', 'Add Tag without newTag', 'Pass newTag, the tag to add.', NOTHING_CMD, 'integration'),
  B(
    'B49',
    'Scan Image, Show Scan Findings or Pull Image without imageTag or imageDigest',
    'Pass imageTag or imageDigest (or use the command on an image in the ECR Repositories view).',
    NOTHING_CMD,
    'integration',
  ),
  B(
    'B50',
    'pull of tag `1.0,2.0`, or of digest `sha256:abc`',
    '"1.0,2.0" is not one tag. / imageDigest must be sha256: followed by 64 hex digits.',
    'no docker call at all',
  ),

  // ── ECR API faults ──
  E(
    'E01',
    'ThrottlingException once on DescribeRepositories, then success',
    PUSHED,
    'DescribeRepositories called twice; the tag is in the registry with the reported digest',
  ),
  E(
    'E02',
    'ThrottlingException on every attempt (SDK gives up after 4)',
    'ECR kept throttling requests while checking the repository, even after retries.',
    `exactly 4 attempts; ${UNCHANGED}`,
  ),
  E(
    'E03',
    'ServerException (HTTP 500) on every attempt',
    'ECR had an internal error while checking the repository.',
    `4 attempts; ${UNCHANGED}`,
  ),
  E(
    'E04',
    'LimitExceededException on CreateRepository',
    'An ECR service quota was reached while creating the repository.',
    `no retry by the pipeline: 4 CreateRepository attempts, all the SDK's own (it classes LimitExceededException as throttling); ${UNCHANGED}`,
  ),
  E('E05', 'AccessDeniedException on CreateRepository', 'lacks the ecr:CreateRepository permission', UNCHANGED),
  E(
    'E06',
    'RepositoryNotFound, then RepositoryAlreadyExists on create (race)',
    'was created by someone else meanwhile; using it.',
    'the push continues to login, tag, push, verify',
    'unit',
  ),
  // ECR answered GetAuthorizationToken with something unusable: the push stops before docker login.
  ...(
    [
      ['E07', 'authorizationToken not base64', 'ECR returned an authorization token that is not valid base64.'],
      ['E08', 'authorizationToken without `:`', 'ECR returned an authorization token that is not of the form user:password.'],
      ['E09', 'empty authorizationData', 'ECR returned no authorization data.'],
      ['E10', 'authorizationData without proxyEndpoint', 'ECR returned no proxyEndpoint for the registry.'],
      ['E11', 'token already expired (expiresAt in the past)', 'ECR handed out an authorization token that had already expired'],
    ] as const
  ).map(([id, input, expected]) => E(id, input, expected, TOKEN_UNUSABLE)),
  E(
    'E12',
    '`ecrPush.endpoint` at a closed port (connection refused)',
    'Could not reach the ECR API in us-east-1 while checking the repository (ECONNREFUSED).',
    'no docker login, tag or push',
  ),
  E(
    'E13',
    'endpoint that accepts and never answers (requestTimeout 300 ms)',
    'Could not reach the ECR API in us-east-1 while checking the repository (TimeoutError).',
    'no docker login, tag or push',
    'unit',
  ),
  E(
    'E14',
    'endpoint that never answers, push cancelled',
    'The push was cancelled.',
    'the request is aborted; no docker login, tag or push',
    'unit',
  ),
  E(
    'E15',
    'endpoint that never answers, cancelled in the real host (ecrPush.cancelAllPushes)',
    'cancelled',
    'no docker login, tag or push',
  ),
  E(
    'E16',
    'Show Scan Findings on an image with no scan (scan on push off): ScanNotFoundException',
    'has no scan: scan on push is off for the repository, or the image was pushed before it was turned on.',
    'no scan started; the command resolves to nothing',
  ),
  E(
    'E17',
    'a scan that ends FAILED',
    'ended without results: scan failed',
    'status FAILED, no findings, all counts 0; DescribeImages says FAILED',
  ),
  E(
    'E18',
    'a scan that ends UNSUPPORTED_IMAGE',
    'ended without results: image type not supported by scanning',
    'status UNSUPPORTED_IMAGE, no findings, all counts 0; DescribeImages says UNSUPPORTED_IMAGE',
  ),
  E(
    'E19',
    'StartImageScan answers UnsupportedImageTypeException',
    'its operating system or package manager is not supported by basic scanning.',
    'no scan started (Show Scan Findings still finds none)',
  ),
  E(
    'E20',
    'a second Scan Image of the same image the same day (LimitExceededException)',
    'ECR allows one manual scan per image per day',
    "4 StartImageScan attempts, all the SDK's own (it classes LimitExceededException as throttling); the first scan and its findings stay",
  ),
  E(
    'E21',
    'Add Tag with a tag that already names another image in an IMMUTABLE repository (ImageTagAlreadyExistsException)',
    'which has immutable tags: ECR does not move it.',
    'the tag keeps its digest in the registry and in DescribeImages',
  ),
  E('E22', 'Add Tag to an image that is not in the repository (BatchGetImage failure)', 'ECR has no image', 'no PutImage call, no new tag'),

  // ── Docker faults ──
  D('D01', '`ecrPush.containerCommand` = a path that does not exist', "Cannot run '/nonexistent/docker': no such file.", NOTHING),
  D(
    'D02',
    'daemon down (docker login would still succeed client-side)',
    'Cannot connect to the Docker daemon: it is not running, or DOCKER_HOST points elsewhere.',
    'stopped at the daemon check: no login, tag or push, no ECR call',
  ),
  D(
    'D03',
    'docker login fails (401)',
    'docker login to the ECR registry failed. Docker said: Error response from daemon: login attempt to http://127.0.0.1:5055/v2/ failed with status: 401 Unauthorized',
    'no tag, no push',
  ),
  D(
    'D04',
    'warnings on stderr with exit 0 (login)',
    'Logged in to 127.0.0.1:5055.',
    'login counts as success although docker wrote WARNING! on stderr; tag and push run (argv checked)',
  ),
  D(
    'D05',
    'immutable tag (`tag invalid`)',
    'The tag already exists in team/app, which has immutable tags. Choose a new tag and push again.',
    'one push, no retry',
  ),
  D('D06', 'immutable tag against the real registry front', 'which has immutable tags.', 'the tag keeps its first digest', 'integration'),
  D('D07', '`denied: … is not authorized to perform: ecr:InitiateLayerUpload`', 'The registry denied the push.', 'one push, no retry'),
  D('D08', '`toomanyrequests: Rate exceeded`', 'The registry is rate-limiting requests (toomanyrequests).', 'one push, no retry'),
  D(
    'D09',
    'token expired mid-push, then the retry succeeds',
    'pushed after "getting a new token and retrying once"',
    'exactly 2 GetAuthorizationToken, 2 logins, 2 pushes',
  ),
  D(
    'D10',
    'token expired on the push and on its retry',
    'The registry rejected the login token even after a fresh login.',
    'exactly 2 logins and 2 pushes: never a loop',
  ),
  D(
    'D11',
    'registry drops the connection mid-push (manifest upload)',
    'docker push failed.',
    'no "Pushed" result; the tag is not in the registry',
    'integration',
  ),
  D('D12', 'cancellation mid-push', 'The push was cancelled.', 'the docker process is gone (no zombie) within 2 s; nothing verified'),
  D(
    'D13',
    'cancellation mid-push of a large image in the real host',
    'cancelled',
    'docker push process gone within 2 s, no zombie, no tag',
    'integration',
  ),
  D(
    'D14',
    'digest from docker differs from DescribeImages',
    'but docker pushed sha256:4dca88b0',
    'reported as a verification failure, not "pushed"',
  ),
  D(
    'D15',
    'Pull Image of a tag the registry does not have (`manifest unknown`)',
    'The registry has no image',
    'no local image; no retry',
    'integration',
  ),
  D('D16', 'cancellation mid-pull', 'cancelled', 'the docker pull process is gone; nothing checked after it'),
  D(
    'D17',
    'token expired on the pull and on its retry',
    'The registry rejected the login token even after a fresh login.',
    'exactly 2 pulls, never a loop; the remedy says "Pull again"',
  ),

  // ── Load and lifetime ──
  L(
    'L01',
    '20 pushes queued at once (4 images × 5 tags)',
    'each reported once, in the order queued; 19 "Queued:" notices',
    'no login interleaved with another push: every log line of a push sits inside its own section',
  ),
  L(
    'L02',
    'cancel one queued push out of five',
    'the cancelled one never starts; the others run in order',
    'its job function never runs',
    'unit',
  ),
  L(
    'L03',
    '50 consecutive pushes in one host session',
    'no growth in child processes, active handles or process listeners; log grows < 6 KB per push',
    'every push lands its tag',
  ),
  L(
    'L04',
    '200 Local Images refreshes',
    'no growth in child processes, active handles or process listeners',
    'the view still lists the image the test made (its row read from the page)',
  ),
  L('L05', 'tree refresh during a push', PUSHED, 'registry digest = reported digest'),
  L('L06', 'settings change during a push', PUSHED, 'registry digest = reported digest'),
  L(
    'L07',
    'clearing credentials during a push',
    PUSHED,
    'registry digest = reported digest; a new token is fetched after the clear (the running push logs in again, or the next push does)',
  ),
  L(
    'L08',
    'a scan that never finishes',
    'the wait gives up within 15 minutes and 40 reads, saying the scan is still in progress',
    'waits double from 2 s up to 30 s',
    'unit',
  ),
  L('L09', 'the extension stops while a scan is followed', 'AbortError during the wait', 'no read after the abort', 'unit'),
  L(
    'L10',
    'a push right after a push whose scan is being followed',
    'pushed before the first scan ended',
    'the scan is followed outside the push queue: the queue is empty while it still polls',
  ),

  // ── Secrets ──
  S(
    'S01',
    'docker argv sampled from /proc throughout pushes with a fresh login',
    'no secret key, registry password or base64 token in any argv',
    'the sampler saw login and push processes',
    'integration',
  ),
  S(
    'S02',
    'the ECR Push log after the whole suite',
    'no secret key, registry password or base64 token',
    'scanned the log file',
    'integration',
  ),
  S(
    'S03',
    'error messages and stacks of every failed push in the suite',
    'no secret key, registry password or base64 token',
    'scanned messages, remedies and stacks',
    'integration',
  ),
  S(
    'S04',
    'settings files (user, machine, workspace)',
    'no secret key, registry password or base64 token',
    'scanned the files',
    'integration',
  ),
  S(
    'S05',
    'global and workspace state (code-server: the browser’s IndexedDB; desktop: state.vscdb)',
    'no secret key, registry password or base64 token',
    'read the workbench’s IndexedDB and localStorage through the page driver; scanned any state.vscdb',
    'integration',
  ),
  S(
    'S06',
    'the private docker configs after the run (one per identity and registry; logins are kept: see below)',
    'each holds only the registry token and no credential store, mode 0600 in a 0700 folder; no AWS secret key',
    'the user’s own docker config is not written',
    'integration',
  ),
  S(
    'S07',
    'a docker CLI that echoes the password on a failed login',
    'no password in the message, remedy, stack or cause',
    'the password went on stdin only',
    'unit',
  ),
  S('S08', 'log line with an AWS secret access key', 'masked as ***', 'digest and layer ids kept', 'unit'),
  S('S09', 'log line with a session token', 'masked as ***', '', 'unit'),
  S('S10', 'log line with a docker config `"auth": "…"` value', '"auth": "***"', '', 'unit'),
  S('S11', 'log line with `Authorization: Basic …` and `Bearer …`', 'Basic *** / Bearer ***', '', 'unit'),
  S('S12', 'log line with `password=…` / `aws_secret_access_key = …`', 'password=***', '', 'unit'),
  S(
    'S13',
    'docker argv sampled from /proc during a pull',
    'no secret key, registry password or base64 token in any argv',
    'the pull ran with the same private docker config folder as the push',
    'integration',
  ),

  // ── Untrusted workspaces ──
  U(
    'U01',
    'untrusted workspace whose settings set `ecrPush.containerCommand` to a trap script',
    PUSHED,
    'the trap script never ran: the machine’s docker pushed; registry digest = reported digest',
  ),
  U(
    'U02',
    'untrusted workspace whose settings set `ecrPush.endpoint` to a closed port',
    PUSHED,
    'the machine’s endpoint (the fake ECR) got the calls; registry digest = reported digest',
  ),
  U(
    'U03',
    'untrusted workspace whose settings set `ecrPush.profile` to a profile with other keys',
    PUSHED,
    'every ECR call was signed with the machine’s credentials, never the workspace profile’s key',
  ),
  U(
    'U04',
    'untrusted workspace whose settings set `ecrPush.loginTarget` to `user`',
    PUSHED,
    'the user’s docker config was not written; the login went to the extension’s private folder',
  ),
  U(
    'U05',
    'untrusted workspace: `ecrPush.buildAndPush` called with complete arguments for one of its Dockerfiles',
    "Build and Push runs this workspace's Dockerfile, and its RUN steps run code: it is off while the workspace is in Restricted Mode.",
    'refused before anything runs: no build, no ECR call, no registry tag; no ecr-push task is offered',
  ),
];

/** The catalogue entry for `id`; throws for an unknown id so a typo fails the test that uses it. */
export function reliabilityCase(id: string): ReliabilityCase {
  const found = CASES.find((c) => c.id === id);
  if (!found) {
    throw new Error(`No reliability case ${id}`);
  }
  return found;
}

/**
 * The case's expected message with `{uri}` and `{digest}` filled in from the test's own push. Throws
 * when a placeholder is left unfilled, so a test cannot compare against the raw template.
 */
export function expectedMessage(id: string, values: { readonly uri?: string; readonly digest?: string } = {}): string {
  return reliabilityCase(id).expected.replace(/\{(uri|digest)\}/g, (placeholder, name: 'uri' | 'digest') => {
    const value = values[name];
    if (!value) throw new Error(`${id}: no value for ${placeholder}`);
    return value;
  });
}

/** The test title for a case: `[ID] input`. The table generator finds results by the bracketed id. */
export function caseTitle(id: string): string {
  return `[${id}] ${reliabilityCase(id).input}`;
}

/** The id a test title carries, if any. */
export function caseIdOf(title: string): string | undefined {
  return /\[([A-Z]\d{2})\]/.exec(title)?.[1];
}
