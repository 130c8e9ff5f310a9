// Acceptance case 15, the keepalive policy: subscriptions (subscribeToStream and
// subscribeToAll) stay idle for longer than 4x the client's keepalive interval (the
// clients ping every 10 s; with gRPC's default ping policy the server ends such a quiet
// call after about 40 s), then an append arrives on each with no error. Both clients at
// once (each in its own process, with its own priod), over one idle window.
//
//   node esdb_quiet_test.cjs [--idle-seconds 65] [--clients eventstore,kurrent]
//   node esdb_quiet_test.cjs --client eventstore|kurrent [--idle-seconds 65]
'use strict';

const {
  Stack, EsdbClient, SubscriptionLog, Cases, main, options, perClient, assert, uuid, sleep,
} = require('./esdb_stack.cjs');

const opts = options({ client: '', 'idle-seconds': '65', clients: 'eventstore,kurrent', 'timeout-seconds': '200' });
const idleMs = Number(opts['idle-seconds']) * 1000;

if (!opts.client) {
  main('esdb_quiet_test', async () => {
    const failed = await perClient(opts.clients.split(','), ['--idle-seconds', opts['idle-seconds'],
                                                             '--timeout-seconds', opts['timeout-seconds']],
                                   { parallel: true });
    if (failed.length) throw new Error(`the runs with ${failed.join(', ')} failed`);
    return [];
  }, { timeoutSeconds: Number(opts['timeout-seconds']) + 30 });
} else {
main(`esdb_quiet_test --client ${opts.client}`, async () => {
  const t = new Cases(`${opts.client}: `);
  const stack = await new Stack({ anonymousRole: 'admin' }).start();
  const setups = [];
  await t.run(1, 'subscribeToStream and subscribeToAll are confirmed and caught up', async () => {
    for (const kind of [opts.client]) {
      const c = new EsdbClient(kind, stack.connectionString(kind));
      const s = `esdb-${uuid()}`;
      await c.append(s, [c.jsonEvent({ id: uuid(), type: 'EsdbQuiet', data: { i: 0 } })], { expected: c.NO_STREAM });
      const sub = new SubscriptionLog(c.subscribeToStream(s), `${kind} subscribeToStream`);
      const subAll = new SubscriptionLog(c.subscribeToAll({ fromPosition: c.END }), `${kind} subscribeToAll`);
      setups.push({ kind, c, s, sub, subAll });
      await sub.waitFor((l) => l.has('caughtUp'), 10000, 'caughtUp');
      await subAll.waitFor((l) => l.has('confirmation'), 10000, 'confirmation');
    }
  });

  await t.run(2, `idle for ${idleMs / 1000} s with no error on any subscription`, async () => {
    const start = Date.now();
    while (Date.now() - start < idleMs) {
      await sleep(1000);
      for (const { sub, subAll } of setups) {
        for (const l of [sub, subAll]) {
          if (l.errors.length || l.has('end')) {
            const e = l.errors[0];
            throw new Error(`${l.name} ${e ? `failed with ${e.constructor.name} (code ${e.code}): ${e.message}`
                                           : 'ended'} after ${Math.round((Date.now() - start) / 1000)} s idle`);
          }
        }
      }
    }
  }, { ms: idleMs + 30000 });

  await t.run(3, 'then an append arrives on each subscription; the clients still append and read', async () => {
    for (const { kind, c, s, sub, subAll } of setups) {
      const e = c.jsonEvent({ id: uuid(), type: 'EsdbQuiet', data: { i: 1 } });
      const r = await c.append(s, [e], { expected: 0n });
      assert.equal(r.nextExpectedRevision, 1n, `${kind} append after the idle time`);
      await sub.waitFor((l) => l.events().some((x) => x.id === e.id), 10000, 'the event after the idle time');
      await subAll.waitFor((l) => l.events().some((x) => x.id === e.id), 10000, 'the event after the idle time');
      assert.equal(sub.errors.length + subAll.errors.length, 0, 'no errors');
      assert.equal((await c.readStream(s)).length, 2, `${kind} read after the idle time`);
    }
  }, { ms: 60000 });

  for (const { c, sub, subAll } of setups) {
    await sub.close();
    await subAll.close();
    await c.dispose();
  }
  await t.run(4, 'priod is still running', async () => stack.assertAlive());
  await stack.stop();
  return [t];
}, { timeoutSeconds: Number(opts['timeout-seconds']) });
}
