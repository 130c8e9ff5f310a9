// The acceptance cases 1-14 of the EventStoreDB/KurrentDB client protocol (see
// /work/shared/esdb-protocol.md, "Acceptance tests"), driven through priod's ESDB listener
// by one of the two official Node clients, plus: 1,000 events from 10 concurrent
// appenders, esdb+discover://, prio's domain events as read-only JSON streams, and a
// read-only (service) caller.
//
//   node esdb_scenarios.cjs --client eventstore|kurrent --features all|no-batch-append|none
//
// Prints `ok N - ...` or `not ok N - ...` per case; exits 1 on any failure.
'use strict';

const {
  Stack, EsdbClient, SubscriptionLog, Cases, main, options, rawProtocol, expectReject, withTimeout,
  describeError, assert, uuid, sleep,
} = require('./esdb_stack.cjs');

const opts = options({ client: 'eventstore', features: 'all', 'timeout-seconds': '240' });
if (!['eventstore', 'kurrent'].includes(opts.client)) throw new Error(`--client ${opts.client}?`);
if (!['all', 'no-batch-append', 'none'].includes(opts.features)) throw new Error(`--features ${opts.features}?`);

const kind = opts.client;
const features = opts.features;

// A JSON event with a fresh id, non-ASCII text, nested data and JSON metadata.
function testEvent(c, i, extra = {}) {
  return c.jsonEvent({
    id: uuid(),
    type: `EsdbTest${i}`,
    data: { i, text: `Grüße ✓ ${i}`, nested: { list: [1, 2, i], flag: true, none: null }, ...extra },
    metadata: { source: 'esdb_scenarios', i },
  });
}

const revisions = (events) => events.map((e) => e.revision);
const raw = () => `esdb-${uuid()}`;

main(`esdb_scenarios --client ${kind} --features ${features}`, async () => {
  const t = new Cases(`${kind}/${features}: `);
  const stack = await new Stack({ anonymousRole: 'admin', features }).start();
  stack.loadReferenceData();
  const c = new EsdbClient(kind, stack.connectionString(kind));
  const { WrongExpectedVersionError, StreamNotFoundError, StreamDeletedError, AccessDeniedError } = c.lib;

  const s = raw();
  const appended = [testEvent(c, 0), testEvent(c, 1), testEvent(c, 2)];
  let r1;
  let r2;

  await t.run(1, 'append 2 events with NO_STREAM to a new stream → nextExpectedRevision 1n, position set',
              async () => {
    r1 = await c.append(s, appended.slice(0, 2), { expected: c.NO_STREAM });
    assert.equal(r1.success, true, 'success');
    assert.equal(r1.nextExpectedRevision, 1n, 'nextExpectedRevision');
    assert.ok(r1.position, `position is set (${JSON.stringify(r1.position, (k, v) => String(v))})`);
    assert.ok(r1.position.commit > 0n, `commit position ${r1.position.commit} > 0`);
  });

  await t.run(2, 'then expectedRevision 1n with one event → 2n and a greater position', async () => {
    r2 = await c.append(s, [appended[2]], { expected: 1n });
    assert.equal(r2.nextExpectedRevision, 2n, 'nextExpectedRevision');
    assert.ok(r2.position, 'position is set');
    assert.ok(r1 && r2.position.commit > r1.position.commit,
              `commit position ${r2.position.commit} > ${r1 && r1.position.commit}`);
  });

  await t.run(3, 'expectedRevision 0n when at 2 → WrongExpectedVersionError (expected 0n, actual 2n, streamName)',
              async () => {
    const err = await expectReject(c.append(s, [testEvent(c, 9)], { expected: 0n }),
                                   { what: 'append at 0n', cls: WrongExpectedVersionError });
    const v = EsdbClient.versions(err);
    assert.equal(v.expected, 0n, 'expected');
    assert.equal(v.actual, 2n, 'actual');
    assert.equal(v.streamName, s, 'streamName');
  });

  await t.run(4, 'NO_STREAM on an existing stream, STREAM_EXISTS on a missing one → WrongExpectedVersionError; ' +
                 'ANY, STREAM_EXISTS and exact revisions pass', async () => {
    let err = await expectReject(c.append(s, [testEvent(c, 9)], { expected: c.NO_STREAM }),
                                 { what: 'NO_STREAM on an existing stream', cls: WrongExpectedVersionError });
    let v = EsdbClient.versions(err);
    assert.equal(v.expected, c.NO_STREAM, 'expected (NO_STREAM case)');
    assert.equal(v.actual, 2n, 'actual (NO_STREAM case)');
    assert.equal(v.streamName, s, 'streamName (NO_STREAM case)');
    const missing = raw();
    err = await expectReject(c.append(missing, [testEvent(c, 9)], { expected: c.STREAM_EXISTS }),
                             { what: 'STREAM_EXISTS on a missing stream', cls: WrongExpectedVersionError });
    v = EsdbClient.versions(err);
    assert.equal(v.expected, c.STREAM_EXISTS, 'expected (STREAM_EXISTS case)');
    assert.equal(v.actual, c.NO_STREAM, 'actual (STREAM_EXISTS case)');
    assert.equal(v.streamName, missing, 'streamName (STREAM_EXISTS case)');
    const other = raw();
    assert.equal((await c.append(other, [testEvent(c, 0)], { expected: c.ANY })).nextExpectedRevision, 0n,
                 'ANY on a new stream');
    assert.equal((await c.append(other, [testEvent(c, 1)], { expected: c.STREAM_EXISTS })).nextExpectedRevision,
                 1n, 'STREAM_EXISTS on an existing stream');
    assert.equal((await c.append(other, [testEvent(c, 2)], { expected: 1n })).nextExpectedRevision, 2n,
                 'exact revision');
    assert.equal((await c.append(other, [testEvent(c, 3)], { expected: c.ANY })).nextExpectedRevision, 3n,
                 'ANY on an existing stream');
  });

  await t.run(5, `ServerFeatures for --esdb-features ${features} and the client's choice of BatchAppend/Append`,
              async () => {
    const p = rawProtocol(kind);
    const fc = new p.featuresGrpc.ServerFeaturesClient(stack.esdb, p.grpc.credentials.createInsecure());
    try {
      const result = await new Promise((resolve) => {
        fc.getSupportedMethods(new p.shared.Empty(), { deadline: Date.now() + 5000 },
                               (error, value) => resolve({ error, value }));
      });
      if (features === 'none') {
        assert.ok(result.error, 'GetSupportedMethods must fail without the ServerFeatures service');
        assert.equal(result.error.code, p.grpc.status.UNIMPLEMENTED,
                     `GetSupportedMethods status: ${result.error.code} ${result.error.details}`);
      } else {
        assert.ok(!result.error, `GetSupportedMethods failed: ${result.error && result.error.message}`);
        const methods = result.value.getMethodsList().map(
            (m) => `${m.getServiceName()}/${m.getMethodName()}`.toLowerCase());
        const batch = methods.includes('event_store.client.streams.streams/batchappend');
        assert.equal(batch, features === 'all',
                     `batchappend advertised: ${batch}; methods: ${methods.join(', ')}`);
      }
    } finally {
      fc.close();
    }
    assert.equal(await c.usesBatchAppend(), features === 'all', 'the client appends through BatchAppend');
  });

  await t.run(6, 'readStream → revisions 0..2; ids, type, JSON data, JSON metadata and created round-trip',
              async () => {
    const events = await c.readStream(s);
    assert.deepEqual(revisions(events), [0n, 1n, 2n], 'revisions');
    const now = Date.now();
    events.forEach((e, i) => {
      const want = appended[i];
      assert.equal(e.streamId, s, `streamId of ${i}`);
      assert.equal(e.id, want.id, `id of ${i}`);
      assert.equal(e.type, want.type, `type of ${i}`);
      assert.equal(e.isJson, true, `isJson of ${i}`);
      assert.deepEqual(e.data, want.data, `data of ${i}`);
      assert.deepEqual(e.metadata, want.metadata, `metadata of ${i}`);
      assert.ok(e.created instanceof Date && Math.abs(e.created.getTime() - now) < 60000,
                `created of ${i} is ${e.created && e.created.toISOString()}, not within a minute of now`);
      assert.ok(e.position && e.position.commit > 0n, `position of ${i}`);
      if (i > 0) assert.ok(e.position.commit > events[i - 1].position.commit, `positions increase at ${i}`);
    });
  });

  await t.run(7, 'readStream BACKWARDS from END maxCount 2 → 2,1; from 1n forwards → 1,2; backwards → 1,0',
              async () => {
    assert.deepEqual(revisions(await c.readStream(s, { direction: c.BACKWARDS, fromRevision: c.END, maxCount: 2 })),
                     [2n, 1n], 'backwards from END, 2');
    assert.deepEqual(revisions(await c.readStream(s, { direction: c.FORWARDS, fromRevision: 1n })), [1n, 2n],
                     'forwards from 1n');
    assert.deepEqual(revisions(await c.readStream(s, { direction: c.BACKWARDS, fromRevision: 1n })), [1n, 0n],
                     'backwards from 1n');
    assert.deepEqual(revisions(await c.readStream(s, { fromRevision: 1n, maxCount: 1 })), [1n],
                     'forwards from 1n, 1');
  });

  await t.run(8, 'a binary event (octet-stream data and metadata) → isJson false, identical bytes', async () => {
    const sb = raw();
    const data = Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x7b, 0x22]), require('crypto').randomBytes(300)]);
    const metadata = Uint8Array.from([0xff, 0x00, 0x10, 0x7b, 0x0a]);  // not JSON
    const e = c.binaryEvent({ id: uuid(), type: 'EsdbBinary', data, metadata });
    await c.append(sb, [e], { expected: c.NO_STREAM });
    const [got, ...rest] = await c.readStream(sb);
    assert.equal(rest.length, 0, 'one event');
    assert.equal(got.isJson, false, 'isJson');
    assert.equal(got.type, 'EsdbBinary', 'type');
    assert.equal(got.id, e.id, 'id');
    assert.ok(got.data instanceof Uint8Array, `data is bytes (${typeof got.data})`);
    assert.ok(Buffer.from(got.data).equals(data), 'data bytes identical');
    assert.ok(got.metadata instanceof Uint8Array, `metadata is bytes (${typeof got.metadata})`);
    assert.ok(Buffer.from(got.metadata).equals(Buffer.from(metadata)), 'metadata bytes identical');
  });

  await t.run(9, 'missing stream → StreamNotFoundError; after tombstoneStream append and read → StreamDeletedError',
              async () => {
    const missing = raw();
    await expectReject(c.readStream(missing), { what: 'readStream of a missing stream', cls: StreamNotFoundError });
    const st = raw();
    await c.append(st, [testEvent(c, 0), testEvent(c, 1)], { expected: c.NO_STREAM });
    await withTimeout(c.tombstone(st), 10000, 'tombstoneStream');
    const appendErr = await expectReject(c.append(st, [testEvent(c, 2)]),
                                         { what: 'append after tombstone', cls: StreamDeletedError });
    assert.equal(appendErr.streamName, st, 'streamName of the append error');
    const readErr = await expectReject(c.readStream(st), { what: 'read after tombstone', cls: StreamDeletedError });
    assert.equal(readErr.streamName, st, 'streamName of the read error');
  });

  await t.run(10, 'readAll → global order, increasing commit positions; fromPosition P maxCount 1 → that event; ' +
                  'BACKWARDS from END → newest first; BACKWARDS from P is exclusive', async () => {
    const all = await c.readAll();
    assert.ok(all.length > 10, `readAll returned ${all.length} events`);
    for (let i = 0; i < all.length; i++) {
      assert.ok(all[i].position, `position of entry ${i}`);
      assert.ok(all[i].position.commit > 0n, `commit position of entry ${i} > 0`);
      if (i > 0) {
        assert.ok(all[i].position.commit > all[i - 1].position.commit,
                  `commit positions strictly increase: ${all[i - 1].position.commit} then ${all[i].position.commit}`);
      }
    }
    const ours = all.filter((e) => e.streamId === s);
    assert.deepEqual(ours.map((e) => e.id), appended.map((e) => e.id), `stream ${s} in readAll`);
    const target = ours[1];
    const at = await c.readAll({ fromPosition: target.position, maxCount: 1 });
    assert.equal(at.length, 1, 'one event from P');
    assert.equal(at[0].id, target.id, 'readAll from an event\'s position gives that event (inclusive)');
    const back = await c.readAll({ direction: c.BACKWARDS, fromPosition: c.END, maxCount: 3 });
    assert.equal(back.length, 3, 'three backwards');
    assert.deepEqual(back.map((e) => e.id), all.slice(-3).reverse().map((e) => e.id), 'newest first');
    const index = all.findIndex((e) => e.id === target.id);
    const before = await c.readAll({ direction: c.BACKWARDS, fromPosition: target.position, maxCount: 1 });
    assert.equal(before.length, 1, 'one event backwards from P');
    assert.equal(before[0].id, all[index - 1].id, 'backwards from P starts with the event before P (exclusive)');
  });

  await t.run(11, 'subscribeToStream → confirmation, ev0..ev2, caughtUp, then the appended ev3; sub.id set',
              async () => {
    const sub = new SubscriptionLog(c.subscribeToStream(s), 'subscribeToStream');
    try {
      await sub.waitFor((l) => l.has('caughtUp'), 10000, 'caughtUp');
      const e3 = testEvent(c, 3);
      appended.push(e3);
      await c.append(s, [e3], { expected: 2n });
      await sub.waitFor((l) => l.events().length >= 4, 10000, 'the live event');
      await sleep(200);
      const seq = sub.items.map((i) => (i.kind === 'event' ? i.ev.revision : i.kind));
      assert.deepEqual(seq, ['confirmation', 0n, 1n, 2n, 'caughtUp', 3n], 'sequence');
      assert.deepEqual(sub.events().map((e) => e.id), appended.map((e) => e.id), 'ids');
      assert.deepEqual(sub.events()[3].data, e3.data, 'data of the live event');
      assert.ok(typeof sub.sub.id === 'string' && sub.sub.id.length > 0, `sub.id is ${JSON.stringify(sub.sub.id)}`);
    } finally {
      await sub.close();
    }
  });

  await t.run(12, 'subscribeToStream fromRevision 1n → only revisions > 1 before caughtUp', async () => {
    const sub = new SubscriptionLog(c.subscribeToStream(s, { fromRevision: 1n }), 'subscribeToStream from 1n');
    try {
      await sub.waitFor((l) => l.has('caughtUp'), 10000, 'caughtUp');
      assert.deepEqual(revisions(sub.eventsBeforeCaughtUp()), [2n, 3n], 'revisions before caughtUp');
      assert.equal(sub.items[0].kind, 'confirmation', 'confirmation first');
    } finally {
      await sub.close();
    }
  });

  await t.run(13, 'subscribeToAll fromPosition END → only later events; fromPosition P → only events after P',
              async () => {
    const u = raw();
    const subEnd = new SubscriptionLog(c.subscribeToAll({ fromPosition: c.END }), 'subscribeToAll from END');
    let subP;
    try {
      await subEnd.waitFor((l) => l.has('confirmation'), 10000, 'confirmation');
      await sleep(200);
      assert.equal(subEnd.events().length, 0, `no old events from END (got ${subEnd.summary()})`);
      const live = testEvent(c, 0);
      await c.append(u, [live]);
      await subEnd.waitFor((l) => l.events().length >= 1, 10000, 'the appended event');
      await sleep(200);
      assert.deepEqual(subEnd.events().map((e) => e.id), [live.id], 'only the event appended afterwards');

      const w = raw();
      const ws = [testEvent(c, 0), testEvent(c, 1), testEvent(c, 2)];
      for (const e of ws) await c.append(w, [e]);
      const [w0] = await c.readStream(w, { maxCount: 1 });
      subP = new SubscriptionLog(c.subscribeToAll({ fromPosition: w0.position }), 'subscribeToAll from P');
      await subP.waitFor((l) => l.has('caughtUp'), 10000, 'caughtUp');
      assert.deepEqual(subP.eventsBeforeCaughtUp().map((e) => e.id), [ws[1].id, ws[2].id],
                       'the events after P (exclusive), nothing else');
      await subEnd.waitFor((l) => l.events().length >= 4, 10000, 'the later appends on the END subscription');
    } finally {
      await subEnd.close();
      if (subP) await subP.close();
    }
  });

  await t.run(14, 'subscribeToAll with streamNameFilter prefixes → only matching streams, and a checkpoint',
              async () => {
    const prefix = `esdbf${uuid().slice(0, 8)}-`;
    const want = [];
    for (const [name, n] of [[`${prefix}a`, 2], [`esdb-nomatch-${uuid()}`, 1], [`${prefix}b`, 1]]) {
      const es = Array.from({ length: n }, (_, i) => testEvent(c, i));
      await c.append(name, es);
      if (name.startsWith(prefix)) want.push(...es.map((e) => e.id));
    }
    let log;
    const filter = c.streamNameFilter({ prefixes: [prefix], checkpointReached: (_, pos) => log.checkpoint(pos) });
    log = new SubscriptionLog(c.subscribeToAll({ fromPosition: c.START, filter }), 'filtered subscribeToAll');
    try {
      await log.waitFor((l) => l.has('caughtUp'), 15000, 'caughtUp');
      if (!log.checkpoints.length) {
        // Give the server events to examine live, too.
        await c.append(`esdb-nomatch-${uuid()}`, Array.from({ length: 100 }, (_, i) => testEvent(c, i)));
        await log.waitFor((l) => l.checkpoints.length > 0, 10000, 'a checkpoint');
      }
      const late = testEvent(c, 5);
      await c.append(`${prefix}a`, [late]);
      want.push(late.id);
      await log.waitFor((l) => l.events().length >= want.length, 10000, 'the matching events');
      await sleep(200);
      const got = log.events();
      for (const e of got) assert.ok(e.streamId.startsWith(prefix), `${e.streamId} does not match ${prefix}`);
      assert.deepEqual(got.map((e) => e.id), want, 'the matching events, in order');
      assert.ok(log.checkpoints.length >= 1, 'at least one checkpoint');
      for (let i = 1; i < log.checkpoints.length; i++) {
        assert.ok(log.checkpoints[i].commit >= log.checkpoints[i - 1].commit, 'checkpoints do not go back');
      }
      const [head] = await c.readAll({ direction: c.BACKWARDS, fromPosition: c.END, maxCount: 1 });
      for (const p of log.checkpoints) {
        assert.ok(p.commit > 0n && p.commit <= head.position.commit,
                  `checkpoint ${p.commit} within the log (head ${head.position.commit})`);
      }
    } finally {
      await log.close();
    }
  });

  await t.run('concurrent', '1,000 events from 10 concurrent appenders (own clients, ANY) → revisions 0..999 ' +
                            'dense, complete, in each appender\'s order; readAll agrees', async () => {
    const sc = raw();
    const clients = Array.from({ length: 10 }, () => new EsdbClient(kind, stack.connectionString(kind)));
    const results = [];
    try {
      await Promise.all(clients.map(async (cl, w) => {
        for (let k = 0; k < 100; k++) {
          const e = cl.jsonEvent({ id: uuid(), type: 'EsdbConcurrent', data: { w, k } });
          const r = await cl.append(sc, [e], { expected: cl.ANY });
          results.push({ w, k, id: e.id, revision: r.nextExpectedRevision, commit: r.position && r.position.commit });
        }
      }));
    } finally {
      await Promise.all(clients.map((cl) => cl.dispose()));
    }
    const revs = results.map((r) => r.revision).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(revs, Array.from({ length: 1000 }, (_, i) => BigInt(i)), 'the appends\' revisions are 0..999');
    const events = await c.readStream(sc);
    assert.equal(events.length, 1000, 'readStream count');
    events.forEach((e, i) => assert.equal(e.revision, BigInt(i), `revision at ${i}`));
    const byId = new Map(results.map((r) => [r.id, r]));
    const lastK = new Array(10).fill(-1);
    for (const e of events) {
      const r = byId.get(e.id);
      assert.ok(r, `unknown event ${e.id}`);
      assert.equal(e.revision, r.revision, `revision of ${e.id} as returned by its append`);
      assert.deepEqual(e.data, { w: r.w, k: r.k }, 'data');
      assert.ok(r.k > lastK[r.w], `appender ${r.w}: ${r.k} after ${lastK[r.w]}`);
      lastK[r.w] = r.k;
    }
    const all = (await c.readAll()).filter((e) => e.streamId === sc);
    assert.deepEqual(all.map((e) => e.id), events.map((e) => e.id), 'readAll has the stream in revision order');
    for (let i = 1; i < all.length; i++) assert.ok(all[i].position.commit > all[i - 1].position.commit);
  }, { ms: 90000 });

  await t.run('discover', 'a +discover:// connection string (Gossip) appends and reads', async () => {
    const d = new EsdbClient(kind, stack.connectionString(kind, { discover: true }));
    try {
      const sd = raw();
      const e = testEvent(d, 0);
      const r = await withTimeout(d.append(sd, [e], { expected: d.NO_STREAM }), 15000, 'append via discovery');
      assert.equal(r.nextExpectedRevision, 0n);
      const events = await withTimeout(d.readStream(sd), 15000, 'read via discovery');
      assert.deepEqual(events.map((x) => x.id), [e.id]);
      const p = rawProtocol(kind);
      const gc = new p.gossipGrpc.GossipClient(stack.esdb, p.grpc.credentials.createInsecure());
      try {
        const info = await new Promise((resolve, reject) => gc.read(new p.shared.Empty(),
            { deadline: Date.now() + 5000 }, (err, v) => (err ? reject(err) : resolve(v))));
        const members = info.getMembersList();
        assert.equal(members.length, 1, 'one gossip member');
        const m = members[0];
        assert.equal(m.getState(), 8, 'state Leader');
        assert.equal(m.getIsAlive(), true, 'is_alive');
        const ep = m.getHttpEndPoint();
        assert.equal(`${ep.getAddress()}:${ep.getPort()}`, stack.esdb, 'http_end_point is the listener');
      } finally {
        gc.close();
      }
    } finally {
      await d.dispose();
    }
  });

  let domainStream;
  await t.run('domain', 'prio\'s domain events read back as JSON; appending to a domain stream is refused',
              async () => {
    const all = await c.readAll();
    const domain = all.filter((e) => !e.streamId.startsWith('esdb'));
    assert.ok(domain.length > 0, 'domain events in readAll (catalog import)');
    for (const e of domain) {
      assert.equal(e.isJson, true, `${e.streamId}@${e.revision} (${e.type}) isJson`);
      assert.ok(e.data !== null && typeof e.data === 'object',
                `${e.streamId}@${e.revision} (${e.type}) data is an object, not ${typeof e.data}`);
      assert.ok(e.type && e.type.length > 0, 'type');
      assert.ok(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(e.id), `id ${e.id} is a uuid`);
      assert.ok(e.created.getTime() > Date.now() - 3600e3 && e.created.getTime() < Date.now() + 60e3,
                `created ${e.created.toISOString()}`);
    }
    domainStream = domain[0].streamId;
    const streams = [...new Set(domain.map((e) => e.streamId))];
    console.log(`#   domain streams: ${streams.slice(0, 5).join(', ')}${streams.length > 5 ? ', ...' : ''} ` +
                `(${streams.length}, ${domain.length} events)`);
    const own = await c.readStream(domainStream);
    assert.deepEqual(own.map((e) => e.id), domain.filter((e) => e.streamId === domainStream).map((e) => e.id),
                     `readStream(${domainStream}) equals its events in readAll`);
    own.forEach((e, i) => assert.equal(e.revision, BigInt(i), `revision ${i} of ${domainStream}`));
    const refused = (err) => {
      assert.ok(err instanceof AccessDeniedError || String(err.message).includes(domainStream),
                `expected AccessDeniedError or an error naming ${domainStream}, got ${describeError(err)}`);
    };
    await expectReject(c.append(domainStream, [testEvent(c, 0)]), { what: 'append to a domain stream', check: refused });
    await expectReject(c.append(domainStream, [testEvent(c, 0)], { credentials: { username: 'x', password: 'y' } }),
                       { what: 'append to a domain stream (plain Append)', check: refused });
    assert.equal((await c.readStream(domainStream)).length, own.length, 'the domain stream is unchanged');
  });

  await t.run('readonly', '--esdb-anonymous-role service: reads and subscriptions work, appends are refused',
              async () => {
    const ro = await new Stack({ anonymousRole: 'service', features }).start();
    const rc = new EsdbClient(kind, ro.connectionString(kind));
    try {
      ro.loadReferenceData();
      const all = await rc.readAll({ maxCount: 20 });
      assert.ok(all.length > 0, 'readAll as service');
      await rc.readStream(all[0].streamId);
      const sub = new SubscriptionLog(rc.subscribeToAll({ fromPosition: rc.START }), 'service subscribeToAll');
      try {
        await sub.waitFor((l) => l.has('caughtUp'), 15000, 'caughtUp');
        assert.ok(sub.eventsBeforeCaughtUp().length > 0, 'events before caughtUp');
      } finally {
        await sub.close();
      }
      const rs = raw();
      await expectReject(rc.append(rs, [testEvent(rc, 0)]),
                         { what: 'append as service', cls: rc.lib.AccessDeniedError });
      await expectReject(rc.append(rs, [testEvent(rc, 0)], { credentials: { username: 'x', password: 'y' } }),
                         { what: 'append as service (plain Append)', cls: rc.lib.AccessDeniedError });
      await expectReject(rc.readStream(rs), { what: 'the refused stream stays missing', cls: rc.lib.StreamNotFoundError });
    } finally {
      await rc.dispose();
      await ro.stop();
    }
  }, { ms: 60000 });

  await t.run('alive', 'priod is still running', async () => stack.assertAlive());
  await c.dispose();
  await stack.stop();
  return [t];
}, { timeoutSeconds: Number(opts['timeout-seconds']) });
