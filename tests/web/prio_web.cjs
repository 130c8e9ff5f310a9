// Shared by the browser tests: start priod and `prio web` as child processes on free
// loopback ports, run the CLI, load the real reference data, sign in through the page.
'use strict';

const { spawn, execFileSync } = require('child_process');
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

function requireModule(name) {
  const dir = path.join(MODULES, name);
  if (!fs.existsSync(dir)) {
    throw new Error(`${dir} is missing: tools/test installs the test-only npm packages ` +
                    `(tests/web/package.json) into the build tree`);
  }
  return require(dir);
}

function waitForFile(file, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim()) {
        return resolve(fs.readFileSync(file, 'utf8').trim());
      }
      if (Date.now() > deadline) return reject(new Error(`${file} did not appear`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

class Stack {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prio-web-'));
    this.children = [];
  }

  async start() {
    const ready = path.join(this.dir, 'priod.ready');
    this.spawn(PRIOD, ['--data-dir', path.join(this.dir, 'data'), '--listen', '127.0.0.1:0',
                       '--ready-file', ready]);
    this.server = await waitForFile(ready, 20000);
    this.adminToken = path.join(this.dir, 'data', 'admin.token');
    const webReady = path.join(this.dir, 'web.ready');
    this.spawn(PRIO, ['--server', this.server, 'web', '--listen', '127.0.0.1:0',
                      '--ready-file', webReady]);
    this.url = await waitForFile(webReady, 20000);
  }

  spawn(bin, args) {
    const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    this.children.push(child);
    return child;
  }

  // The CLI as the provider's admin (or with `token`): returns stdout; throws with
  // stderr on a non-zero exit.
  cli(args, token) {
    const tokenArgs = token ? ['--token', token] : ['--token-file', this.adminToken];
    return execFileSync(PRIO, ['--server', this.server, ...tokenArgs, ...args],
                        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  // Creates a token; returns { token, id }.
  createToken(role, ags, note) {
    const args = ['token', 'create', '--role', role, '--note', note];
    if (ags) args.push('--ags', ags);
    const r = require('child_process').spawnSync(
        PRIO, ['--server', this.server, '--token-file', this.adminToken, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return { token: r.stdout.trim(), id: /token ([0-9a-f]+)/.exec(r.stderr)[1] };
  }

  loadReferenceData() {
    this.cli(['catalog', 'import', '--services', `${DATA}/ozg_leistungen.csv`,
              '--leika', `${DATA}/ozg_leika_leistungen.csv`]);
    this.cli(['responsibility', 'import', `${DATA}/responsibility.csv`, '--source', 'prio default']);
    this.cli(['municipality', 'import', `${DATA}/nrw_gemeinden.csv`, `${DATA}/nrw_kreise.csv`]);
  }

  head() {
    return /position[^0-9]*([0-9]+)/.exec(this.cli(['events', 'head']))[1];
  }

  stop() {
    for (const c of this.children.reverse()) {
      if (c.exitCode === null) c.kill('SIGTERM');
    }
  }
}

// Signs a page in with a token through the sign-in form.
async function signIn(page, url, token) {
  await page.goto(`${url}/login`);
  await page.fill('#token', token);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit] >> text=/Anmelden|Sign in/')]);
}

module.exports = { Stack, requireModule, signIn, waitForFile, DATA };
