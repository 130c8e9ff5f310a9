// Shared by the EventStoreDB/KurrentDB protocol tests: start priod with its ESDB listener
// (`--esdb-listen`) as a child process on free loopback ports, make tokens and TLS
// certificates, load the real reference data, and drive the listener through a small
// adapter over the two official Node clients (@eventstore/db-client and
// @kurrent/kurrentdb-client), so that one scenario runs with both.
'use strict';

const { spawn, spawnSync, execFileSync } = require('child_process');
const assert = require('assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (the test runs under ctest, see tests/CMakeLists.txt)`);
  return v;
};

const PRIOD = env('PRIOD_PATH');
const PRIO = env('PRIO_CLI_PATH');
const DATA = env('PRIO_DATA_DIR');
const MODULES = env('PRIO_NODE_MODULES');

function modulePath(name) {
  const dir = path.join(MODULES, name);
  if (!fs.existsSync(dir)) {
    throw new Error(`${dir} is missing: tools/test installs the test-only npm packages ` +
                    `(tests/esdb/package.json) into the build tree`);
  }
  return dir;
}

function requireModule(name) {
  return require(modulePath(name));
}

// The raw protocol as a client's own generated stubs (`kind`: eventstore|kurrent), with
// the same @grpc/grpc-js instance they use. Only the stubs of the client this process
// uses: see loadedKind below.
function rawProtocol(kind) {
  const spec = CLIENTS[kind];
  if (!spec) throw new Error(`unknown client ${kind} (eventstore|kurrent)`);
  claimKind(kind);
  const generated = path.join(modulePath(spec.module), spec.generated);
  const grpc = require(require.resolve('@grpc/grpc-js', { paths: [generated] }));
  const load = (name) => require(path.join(generated, name));
  return {
    grpc,
    streams: load('streams_pb.js'),
    streamsGrpc: load('streams_grpc_pb.js'),
    shared: load('shared_pb.js'),
    features: load('serverfeatures_pb.js'),
    featuresGrpc: load('serverfeatures_grpc_pb.js'),
    gossip: load('gossip_pb.js'),
    gossipGrpc: load('gossip_grpc_pb.js'),
  };
}

// Both clients' generated protobuf code defines the same global names
// (proto.event_store.client.*), and the one loaded last replaces the other's classes
// under the first one's code (e.g. @kurrent/kurrentdb-client's BatchAppend then throws
// a TypeError in setDeadline21100). So one process uses one client only; scripts that
// test both run themselves once per client (perClient below).
let loadedKind = null;
function claimKind(kind) {
  if (loadedKind && loadedKind !== kind) {
    throw new Error(`this process already uses the ${loadedKind} client; the two clients cannot share ` +
                    'a process (their generated protobuf code shares global names)');
  }
  loadedKind = kind;
}

const CLIENTS = {
  eventstore: { module: '@eventstore/db-client', ctor: 'EventStoreDBClient', generated: 'generated',
                expectedOption: 'expectedRevision' },
  kurrent: { module: '@kurrent/kurrentdb-client', ctor: 'KurrentDBClient',
             generated: 'generated/kurrentdb/protocols/v1', expectedOption: 'streamState' },
};

const uuid = () => crypto.randomUUID();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- processes -----------------------------------------------------------------------

const allStacks = new Set();

// Waits until priod's ready file has its two lines (prio's own address, then
// `esdb HOST:PORT`); fails early if priod exits.
function waitForReady(file, child, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return reject(new Error(`priod exited (code ${child.exitCode}, signal ${child.signalCode}) ` +
                                `before writing ${file}`));
      }
      if (fs.existsSync(file)) {
        const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
        if (lines.length >= 2) return resolve(lines);
      }
      if (Date.now() > deadline) {
        const got = fs.existsSync(file) ? JSON.stringify(fs.readFileSync(file, 'utf8')) : 'no file';
        return reject(new Error(`${file} did not get its two lines within ${ms} ms (${got})`));
      }
      setTimeout(poll, 20);
    };
    poll();
  });
}

// A CA and a server certificate for localhost/127.0.0.1 made with the openssl command
// line (like tests/server/transport_test.cc).
function makeCerts(dir) {
  const script = [
    'set -e',
    'openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 ' +
      '-subj /CN=prio-esdb-test-ca 2>/dev/null',
    "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n" +
      "keyUsage=digitalSignature,keyEncipherment\\nextendedKeyUsage=serverAuth\\n' > san.ext",
    'openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null',
    'openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial ' +
      '-out server.pem -days 2 -extfile san.ext 2>/dev/null',
  ].join(' && ');
  execFileSync('sh', ['-c', script], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

class Stack {
  // anonymousRole: admin|service|auditor|undefined; features: all|no-batch-append|none|undefined;
  // tls: true for --tls-cert/--tls-key on both listeners.
  constructor({ anonymousRole, features, tls = false, extraArgs = [] } = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prio-esdb-'));
    this.anonymousRole = anonymousRole;
    this.features = features;
    this.tls = tls;
    this.extraArgs = extraArgs;
    this.children = [];
    allStacks.add(this);
  }

  async start() {
    const ready = path.join(this.dir, 'priod.ready');
    const args = ['--data-dir', path.join(this.dir, 'data'), '--listen', '127.0.0.1:0',
                  '--ready-file', ready, '--esdb-listen', '127.0.0.1:0'];
    if (this.anonymousRole) args.push('--esdb-anonymous-role', this.anonymousRole);
    if (this.features) args.push('--esdb-features', this.features);
    if (this.tls) {
      this.certs = makeCerts(this.dir);
      args.push('--tls-cert', this.certs.cert, '--tls-key', this.certs.key);
    }
    args.push(...this.extraArgs);
    this.priod = this.spawn(PRIOD, args);
    const lines = await waitForReady(ready, this.priod, 30000);
    this.server = lines[0];
    const m = /^esdb\s+(\S+)$/.exec(lines[1]);
    if (!m) throw new Error(`line 2 of ${ready} is ${JSON.stringify(lines[1])}, not "esdb HOST:PORT"`);
    this.esdb = m[1];
    this.adminTokenFile = path.join(this.dir, 'data', 'admin.token');
    this.adminToken = fs.readFileSync(this.adminTokenFile, 'utf8').trim();
    return this;
  }

  spawn(bin, args) {
    const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    this.children.push(child);
    return child;
  }

  // priod still running (not crashed)?
  alive() {
    return this.priod && this.priod.exitCode === null && this.priod.signalCode === null;
  }

  assertAlive() {
    if (!this.alive()) {
      throw new Error(`priod is gone (exit code ${this.priod.exitCode}, signal ${this.priod.signalCode})`);
    }
  }

  cliArgs(args) {
    const tls = this.tls ? ['--tls-ca', this.certs.ca] : [];
    return ['--server', this.server, ...tls, '--token-file', this.adminTokenFile, ...args];
  }

  // The CLI as the provider's admin: returns stdout; throws with stderr on a non-zero exit.
  cli(args) {
    const r = spawnSync(PRIO, this.cliArgs(args), { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`prio ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  }

  // A new token with `role` (service|auditor|admin); returns the token.
  createToken(role, note = `esdb test ${role}`) {
    const token = this.cli(['token', 'create', '--role', role, '--note', note]).trim();
    if (!token) throw new Error(`prio token create --role ${role} printed no token`);
    return token;
  }

  // Domain events in the log: the service catalog (and, with `all`, responsibilities
  // and municipalities), like tests/web/prio_web.cjs.
  loadReferenceData({ all = false } = {}) {
    this.cli(['catalog', 'import', '--services', `${DATA}/ozg_leistungen.csv`,
              '--leika', `${DATA}/ozg_leika_leistungen.csv`]);
    if (all) {
      this.cli(['responsibility', 'import', `${DATA}/responsibility.csv`, '--source', 'prio default']);
      this.cli(['municipality', 'import', `${DATA}/nrw_gemeinden.csv`, `${DATA}/nrw_kreise.csv`]);
    }
  }

  // A connection string for `kind` (eventstore|kurrent); `token` is sent as the password
  // (TLS only: the clients send no credentials over tls=false).
  connectionString(kind, { discover = false, token, user = 'anyuser', tls = this.tls } = {}) {
    const scheme = (kind === 'kurrent' ? 'kurrentdb' : 'esdb') + (discover ? '+discover' : '');
    const creds = token ? `${encodeURIComponent(user)}:${encodeURIComponent(token)}@` : '';
    const query = tls ? `tls=true&tlsCAFile=${encodeURIComponent(this.certs.ca)}` : 'tls=false';
    return `${scheme}://${creds}${this.esdb}?${query}`;
  }

  // SIGTERM, wait (up to 10 s) for priod to exit, remove the directory (kept with
  // PRIO_KEEP_TEST_DIRS=1).
  async stop() {
    const exits = this.children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGTERM');
      return exited;
    });
    await withTimeout(Promise.all(exits), 10000, 'priod shutting down on SIGTERM').catch((err) => {
      console.log(`# ${err.message}`);
      this.kill();
    });
    allStacks.delete(this);
    this.removeDir();
  }

  kill() {
    for (const c of this.children) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
  }

  removeDir() {
    if (process.env.PRIO_KEEP_TEST_DIRS) return;
    try { fs.rmSync(this.dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
}

// --- the two clients behind one adapter ------------------------------------------------

function clientLibrary(kind) {
  const spec = CLIENTS[kind];
  if (!spec) throw new Error(`unknown client ${kind} (eventstore|kurrent)`);
  claimKind(kind);
  return require(modulePath(spec.module));
}

// A recorded event in one shape for both clients (revisions and positions as BigInt).
function normalize(resolved) {
  const e = resolved.event;
  if (!e) throw new Error(`a read returned an entry without an event: ${inspect(resolved)}`);
  return {
    streamId: e.streamId,
    id: e.id,
    revision: BigInt(e.revision),
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    isJson: e.isJson,
    created: e.created,
    position: e.position ? { commit: BigInt(e.position.commit), prepare: BigInt(e.position.prepare) }
                         : undefined,
    commitPosition: resolved.commitPosition === undefined ? undefined : BigInt(resolved.commitPosition),
  };
}

class EsdbClient {
  constructor(kind, connectionString) {
    this.kind = kind;
    this.spec = CLIENTS[kind];
    this.lib = clientLibrary(kind);
    this.connectionStringText = connectionString;
    this.client = this.lib[this.spec.ctor].connectionString(connectionString);
    const c = this.lib;
    this.ANY = c.ANY; this.NO_STREAM = c.NO_STREAM; this.STREAM_EXISTS = c.STREAM_EXISTS;
    this.START = c.START; this.END = c.END; this.FORWARDS = c.FORWARDS; this.BACKWARDS = c.BACKWARDS;
  }

  jsonEvent(e) { return this.lib.jsonEvent(e); }
  binaryEvent(e) { return this.lib.binaryEvent(e); }
  streamNameFilter(o) { return this.lib.streamNameFilter(o); }

  // expected: ANY|NO_STREAM|STREAM_EXISTS|bigint; credentials: per-call (forces plain
  // Append; over tls=false the client drops them silently).
  append(stream, events, { expected = this.ANY, credentials } = {}) {
    const options = { [this.spec.expectedOption]: expected };
    if (credentials) options.credentials = credentials;
    return this.client.appendToStream(stream, events, options);
  }

  async readStream(stream, options = {}) {
    const out = [];
    for await (const r of this.client.readStream(stream, options)) out.push(normalize(r));
    return out;
  }

  async readAll(options = {}) {
    const out = [];
    for await (const r of this.client.readAll(options)) out.push(normalize(r));
    return out;
  }

  subscribeToStream(stream, options = {}) { return this.client.subscribeToStream(stream, options); }
  subscribeToAll(options = {}) { return this.client.subscribeToAll(options); }
  tombstone(stream, options = {}) { return this.client.tombstoneStream(stream, options); }

  // Does the client append through BatchAppend (ServerFeatures advertised it)?
  async usesBatchAppend() {
    const { StreamsService } = require(path.join(modulePath(this.spec.module), this.spec.generated,
                                                 'streams_grpc_pb.js'));
    return this.client.supports(StreamsService.batchAppend);
  }

  // WrongExpectedVersionError's fields, named differently by the two clients.
  static versions(err) {
    return {
      streamName: err.streamName,
      expected: err.expectedVersion !== undefined ? err.expectedVersion : err.expectedState,
      actual: err.actualVersion !== undefined ? err.actualVersion : err.actualState,
    };
  }

  errorClass(name) {
    const cls = this.lib[name];
    if (!cls) throw new Error(`${this.spec.module} has no ${name}`);
    return cls;
  }

  async dispose() {
    try { await this.client.dispose(); } catch { /* closing only */ }
  }
}

// --- assertions -----------------------------------------------------------------------

function inspect(v) {
  return require('util').inspect(v, { depth: 4, breakLength: 160 });
}

function describeError(err) {
  if (!(err instanceof Error)) return `a non-Error ${typeof err}: ${inspect(err)}`;
  const parts = [err.constructor.name];
  if (err.type) parts.push(`type=${err.type}`);
  if (err.code !== undefined) parts.push(`code=${err.code}`);
  const mapOf = (m) => (!m ? null : typeof m.getMap === 'function' ? m.getMap() : typeof m === 'object' ? m : null);
  const meta = mapOf(err._raw && err._raw.metadata) || mapOf(err.metadata);
  if (meta && Object.keys(meta).length) parts.push(`trailers=${JSON.stringify(meta)}`);
  return `${parts.join(' ')}: ${JSON.stringify(err.message)}`;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hangs)`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Expects `promise` to reject within `ms`; returns the error. `cls`, if given, is the
// class the error must be; `check(err)` may assert more.
async function expectReject(promise, { ms = 10000, what = 'the call', cls, check } = {}) {
  let value;
  try {
    value = await withTimeout(Promise.resolve(promise), ms, what);
  } catch (err) {
    if (err instanceof Error && /no answer within .* \(hangs\)$/.test(err.message) &&
        err.message.startsWith(what)) {
      throw err;
    }
    if (cls && !(err instanceof cls)) {
      throw new Error(`${what}: expected ${cls.name}, got ${describeError(err)}`);
    }
    if (check) check(err);
    return err;
  }
  throw new Error(`${what}: expected ${cls ? cls.name : 'an error'}, but it succeeded with ${inspect(value)}`);
}

// The recorded sequence of a subscription: confirmation, events, caughtUp, checkpoints,
// errors; waitFor() resolves once a predicate holds.
class SubscriptionLog {
  constructor(sub, name = 'subscription') {
    this.sub = sub;
    this.name = name;
    this.items = [];
    this.checkpoints = [];
    this.errors = [];
    this.waiters = [];
    sub.on('confirmation', () => this.add({ kind: 'confirmation' }));
    sub.on('caughtUp', () => this.add({ kind: 'caughtUp' }));
    sub.on('fellBehind', () => this.add({ kind: 'fellBehind' }));
    sub.on('data', (r) => {
      let ev;
      try { ev = normalize(r); } catch (e) { this.errors.push(e); this.wake(); return; }
      this.add({ kind: 'event', ev });
    });
    sub.on('error', (err) => { this.errors.push(err); this.wake(); });
    sub.on('end', () => this.add({ kind: 'end' }));
  }

  add(item) {
    this.items.push(item);
    this.wake();
  }

  // For filtered $all subscriptions: pass as checkpointReached.
  checkpoint(position) {
    const p = { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
    this.checkpoints.push(p);
    this.add({ kind: 'checkpoint', position: p });
  }

  events() { return this.items.filter((i) => i.kind === 'event').map((i) => i.ev); }
  has(kind) { return this.items.some((i) => i.kind === kind); }

  // The events before the first caughtUp.
  eventsBeforeCaughtUp() {
    const out = [];
    for (const i of this.items) {
      if (i.kind === 'caughtUp') break;
      if (i.kind === 'event') out.push(i.ev);
    }
    return out;
  }

  summary() {
    return this.items.map((i) => (i.kind === 'event' ? `${i.ev.streamId}@${i.ev.revision}`
                                                      : i.kind)).join(', ');
  }

  wake() {
    for (const w of this.waiters.slice()) w();
  }

  waitFor(predicate, ms, what) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (fn) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const i = this.waiters.indexOf(check);
        if (i >= 0) this.waiters.splice(i, 1);
        fn();
      };
      const check = () => {
        if (this.errors.length) {
          return done(() => reject(new Error(`${this.name} failed while waiting for ${what}: ` +
                                             `${describeError(this.errors[0])} (seen: ${this.summary()})`)));
        }
        if (predicate(this)) return done(() => resolve(this));
        if (this.has('end')) {
          return done(() => reject(new Error(`${this.name} ended while waiting for ${what} (seen: ${this.summary()})`)));
        }
      };
      const timer = setTimeout(() => done(() => reject(
          new Error(`${this.name}: ${what} did not happen within ${ms} ms (seen: ${this.summary()})`))), ms);
      this.waiters.push(check);
      check();
    });
  }

  async close() {
    try { await this.sub.unsubscribe(); } catch { /* closing only */ }
  }
}

// --- the test runner -------------------------------------------------------------------

// On exit (also after a failure or a timeout): kill what still runs. The directories of
// a run that ends early stay, for a look at priod's data.
function cleanup() {
  for (const s of allStacks) s.kill();
}
process.on('exit', cleanup);

// Runs numbered cases; a failing case prints `not ok` and the run goes on, so one run
// shows every failure. Each case has its own timeout.
class Cases {
  constructor(prefix = '') {
    this.prefix = prefix;
    this.failed = [];
    this.passed = 0;
  }

  async run(id, description, fn, { ms = 30000 } = {}) {
    const label = `${id} - ${this.prefix}${description}`;
    try {
      await withTimeout(Promise.resolve().then(fn), ms, `case ${id}`);
      this.passed++;
      console.log(`ok ${label}`);
    } catch (err) {
      this.failed.push(label);
      console.log(`not ok ${label}`);
      const text = err instanceof Error ? (err.stack || err.message) : inspect(err);
      console.log(text.split('\n').map((l) => `#   ${l}`).join('\n'));
    }
  }
}

// The script's main: a global timeout (a hang fails instead of blocking), uncaught
// exceptions (a client crashed by a bad reply) fail, priod is always killed.
function main(name, fn, { timeoutSeconds = 120 } = {}) {
  const finish = (code) => {
    cleanup();
    process.exit(code);
  };
  const fatal = (what) => (err) => {
    console.log(`not ok - ${name}: ${what}: ${err instanceof Error ? err.stack : inspect(err)}`);
    finish(1);
  };
  process.on('uncaughtException', fatal('uncaught exception (the client library crashed)'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
  process.on('SIGTERM', () => { console.log(`not ok - ${name}: SIGTERM`); finish(1); });
  process.on('SIGINT', () => { console.log(`not ok - ${name}: SIGINT`); finish(1); });
  setTimeout(() => {
    console.log(`not ok - ${name}: global timeout of ${timeoutSeconds} s (something hangs)`);
    finish(1);
  }, timeoutSeconds * 1000).unref();
  Promise.resolve().then(fn).then((cases) => {
    const failed = (cases || []).flatMap((c) => c.failed);
    const passed = (cases || []).reduce((n, c) => n + c.passed, 0);
    if (failed.length) {
      console.log(`# ${name}: ${failed.length} failed, ${passed} passed:`);
      for (const f of failed) console.log(`#   not ok ${f}`);
      finish(1);
    }
    console.log(passed ? `# ${name}: all ${passed} passed` : `# ${name}: passed`);
    finish(0);
  }, fatal('failed'));
}

// Runs this script once per client in child processes (`--client KIND` plus `args`),
// at the same time or one after the other; resolves to the list of failed clients.
async function perClient(kinds, args, { parallel = false } = {}) {
  const runOne = (kind) => new Promise((resolve) => {
    const child = spawn(process.execPath, [process.argv[1], '--client', kind, ...args],
                        { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    childProcesses.add(child);
    child.on('exit', (code, signal) => {
      childProcesses.delete(child);
      if (code !== 0) console.log(`not ok - the ${kind} run failed (exit code ${code}, signal ${signal})`);
      resolve(code === 0 ? null : kind);
    });
  });
  const failed = [];
  if (parallel) {
    failed.push(...await Promise.all(kinds.map(runOne)));
  } else {
    for (const k of kinds) failed.push(await runOne(k));
  }
  return failed.filter(Boolean);
}
const childProcesses = new Set();
process.on('exit', () => { for (const c of childProcesses) c.kill('SIGTERM'); });

// `--name value` command-line options with defaults.
function options(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m || !(m[1] in defaults) || i + 1 >= argv.length) {
      throw new Error(`usage: ${path.basename(process.argv[1])} ` +
                      Object.entries(defaults).map(([k, v]) => `[--${k} ${v}]`).join(' '));
    }
    out[m[1]] = argv[++i];
  }
  return out;
}

module.exports = {
  Stack, EsdbClient, SubscriptionLog, Cases, main, options, rawProtocol, requireModule, perClient,
  expectReject, withTimeout, describeError, inspect, normalize, assert, uuid, sleep, DATA,
};
