// End to end in a real Chromium (Debian's, driven by playwright-core): a clerk of
// Bünde answers the questionnaire (one answer refused with the domain's message beside
// the field), uploads a CSV, casts a ballot over the budget (refused) and within it,
// while a planner's ranking page updates without a reload; another clerk completes an
// answer with the keyboard only; what a municipality must not see is refused by URL;
// a POST without the CSRF token is refused; a revoked token ends the session. axe-core
// checks every page at WCAG 2.1 AA, and any Content-Security-Policy violation fails.
//
// Screenshots of the questionnaire and the dashboard go to PRIO_TEST_OUTPUT_DIR.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { Stack, requireModule, signIn, DATA } = require('./prio_web.cjs');

const chromium = requireModule('playwright-core').chromium;
const axeSource = fs.readFileSync(path.join(process.env.PRIO_NODE_MODULES, 'axe-core', 'axe.min.js'), 'utf8');
const OUT = process.env.PRIO_TEST_OUTPUT_DIR || '.';

const BUENDE = '05758004';
const ENGER = '05758008';
const cspViolations = [];
const checked = [];

function step(what) { console.log(`-- ${what}`); }

// axe-core in the page at WCAG 2.0/2.1 A and AA; the page's own CSP does not apply to
// scripts run through the DevTools protocol.
async function checkAccessibility(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}x, e.g. ${v.nodes[0].html.slice(0, 160)})`);
  assert.deepStrictEqual(problems, [], `axe on ${name} (${page.url()})`);
  checked.push(name);
}

function watchConsole(page) {
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
}

async function main() {
  const stack = new Stack();
  await stack.start();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
                                          args: ['--no-sandbox'] });
  try {
    step('reference data, two rounds, planning inputs');
    stack.loadReferenceData();
    const closes = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
    stack.cli(['round', 'open', '--id', 'krz-2027', '--title', 'Bedarfsabfrage 2027', '--closes', closes,
               '--ballot', 'points', '--budget', '100', '--kreis', '05758', '--plan-start', '2027-Q2',
               '--horizon', '8', '--results', 'public']);
    stack.cli(['round', 'open', '--id', 'papier-2027', '--title', 'Bedarfsabfrage auf Papier', '--closes', closes,
               '--ballot', 'points', '--budget', '100', '--kreis', '05758', '--plan-start', '2027-Q2',
               '--answers-by-provider']);
    stack.cli(['round', 'open', '--id', 'intern-2027', '--title', 'Intern', '--closes', closes,
               '--ballot', 'points', '--budget', '100', '--kreis', '05758', '--plan-start', '2027-Q2',
               '--results', 'internal']);
    const answers = path.join(stack.dir, 'answers');
    fs.mkdirSync(answers);
    require('child_process').execFileSync(process.env.DEMO_ANSWERS_PATH, [DATA, answers, 'all']);
    stack.cli(['effort', 'import', path.join(answers, 'effort.csv')]);
    stack.cli(['capacity', 'import', path.join(answers, 'capacity.csv')]);
    const buende = stack.createToken('municipality', BUENDE, 'Stadt Bünde, Bürgerbüro');
    const enger = stack.createToken('municipality', ENGER, 'Stadt Enger');
    const admin = fs.readFileSync(stack.adminToken, 'utf8').trim();
    const auditor = stack.createToken('auditor', '', 'Rechnungsprüfung');

    step('the planner opens the live ranking');
    const planner = await (await browser.newContext()).newPage();
    watchConsole(planner);
    await signIn(planner, stack.url, admin);
    await checkAccessibility(planner, 'rounds (staff)');
    await planner.goto(`${stack.url}/rounds/krz-2027/ranking`);
    await checkAccessibility(planner, 'ranking');
    await planner.evaluate(() => { window.notReloaded = true; });

    step('the clerk of Bünde signs in and answers three services');
    const clerkContext = await browser.newContext();
    const clerk = await clerkContext.newPage();
    watchConsole(clerk);
    await clerk.goto(`${stack.url}/rounds`);
    assert.match(clerk.url(), /\/login\?next=/, 'not signed in: the sign-in page');
    await checkAccessibility(clerk, 'sign-in');
    await clerk.fill('#token', 'prio_not_a_token');
    await clerk.click('main button[type=submit]');
    assert.match(await clerk.textContent('[role=alert]'), /kein prio-Token/);
    await clerk.fill('#token', `prio_${'0'.repeat(64)}`);
    await clerk.click('main button[type=submit]');
    assert.match(await clerk.textContent('[role=alert]'), /kennt dieses Token nicht/);
    assert.strictEqual(await clerk.getAttribute('#token', 'aria-describedby'), 'token-error');
    // A token no header can carry is refused by the page, and the front end lives on.
    const signInForm = { csrf: await clerk.inputValue('input[name=csrf]'), next: '/\t/evil.example' };
    const odd = await clerk.request.post(`${stack.url}/login`, { form: { ...signInForm, token: 'prio_\u0001ä' } });
    assert.strictEqual(odd.status(), 422);
    // A redirect after sign-in never leaves the site.
    const offsite = await clerk.request.post(`${stack.url}/login`, { form: { ...signInForm, token: buende.token }, maxRedirects: 0 });
    assert.strictEqual(offsite.status(), 303);
    assert.strictEqual(offsite.headers().location, '/rounds');
    await clerkContext.clearCookies();
    await signIn(clerk, stack.url, buende.token);
    assert.match(clerk.url(), /\/rounds$/);
    await clerk.goto(`${stack.url}/rounds/krz-2027/answers/${BUENDE}`);
    const services = await clerk.$$eval('form[data-need] input[name=service]', (es) => es.map((e) => e.value));
    assert.ok(services.length > 20, `Bünde must provide many services, got ${services.length}`);
    const [a, b, c, d, e] = services;
    const progressBefore = await clerk.textContent('#progress');
    assert.match(progressBefore, new RegExp(`^0 von ${services.length} beantwortet$`));

    const answer = async (sid, fields) => {
      const form = clerk.locator(`#s-${sid} form`);
      await form.locator('select[name=level]').selectOption(fields.level);
      if (fields.quarter) await form.locator('select[name=quarter]').selectOption(fields.quarter);
      await form.locator('input[name=cases]').fill(fields.cases || '');
      await form.locator('input[name=department]').fill(fields.department || '');
      await form.locator('button[type=submit]').click();
      await clerk.waitForFunction((s) => {
        const t = document.querySelector(`#s-${s} .saved`).textContent;
        const err = [...document.querySelectorAll(`#s-${s} .field-error`)].some((x) => !x.hidden);
        return t !== '' || err;
      }, sid);
    };
    await answer(a, { level: 'required', quarter: '2027-Q3', cases: '1200', department: 'Bürgerbüro' });
    assert.strictEqual(await clerk.textContent(`#s-${a} .saved`), 'Gespeichert');
    await answer(b, { level: 'wanted', cases: '40', department: '' });  // refused: no department
    const refusal = clerk.locator(`#e-${b}-department`);
    assert.ok(await refusal.isVisible(), 'the refusal is shown beside the department field');
    assert.strictEqual(await refusal.textContent(), 'ist erforderlich', 'the domain\'s message, in German');
    assert.strictEqual(await clerk.getAttribute(`#f-${b}-department`, 'aria-invalid'), 'true');
    await answer(c, { level: 'optional', cases: '7', department: 'Ordnungsamt' });
    assert.strictEqual(await clerk.textContent('#progress'), `2 von ${services.length} beantwortet`);
    await checkAccessibility(clerk, 'questionnaire with a refusal');
    // Without JavaScript's help the same refusal comes back as a page (422), field marked.
    const noJs = await clerk.request.post(`${stack.url}/rounds/krz-2027/answers/${BUENDE}/need`, {
      form: { csrf: await clerk.inputValue('input[name=csrf]'), request_id: 'nojs-1', service: b,
              level: 'wanted', department: '' },
    });
    assert.strictEqual(noJs.status(), 422);
    assert.match(await noJs.text(), new RegExp(`id="e-${b}-department">[^<]*erforderlich`));
    await clerk.reload();
    assert.match(await clerk.textContent(`#s-${a} .state`), /Beantwortet: erforderlich/);
    await clerk.evaluate(() => window.scrollTo(0, 0));
    await clerk.screenshot({ path: path.join(OUT, 'web-questionnaire.png'), fullPage: false });

    step('a double submit (same request id) writes once');
    const csrf = await clerk.inputValue('input[name=csrf]');
    const twice = { csrf, request_id: 'double-submit-1', service: c, level: 'required', department: 'Ordnungsamt' };
    const first = await clerk.request.post(`${stack.url}/rounds/krz-2027/answers/${BUENDE}/need`, { form: twice, headers: { Accept: 'application/json' } });
    assert.strictEqual(first.status(), 200);
    const headAfterFirst = stack.head();
    const second = await clerk.request.post(`${stack.url}/rounds/krz-2027/answers/${BUENDE}/need`, { form: twice, headers: { Accept: 'application/json' } });
    assert.strictEqual(second.status(), 200);
    assert.strictEqual(stack.head(), headAfterFirst, 'the repeated request wrote nothing');

    step('CSV upload');
    const csv = path.join(stack.dir, 'bedarf.csv');
    fs.writeFileSync(csv, `\ufeffLeistung;Bedarf;Quartal;Fallzahl;Fachbereich\r\n${d};erforderlich;2027-Q4;300;Sozialamt\r\n${e};gewünscht;;12;Bauamt\r\n`);
    await clerk.setInputFiles('#csv-file', csv);
    await Promise.all([clerk.waitForNavigation(), clerk.click('form[enctype] button[type=submit]')]);
    assert.match(await clerk.textContent('main [role=status]'), /2 Antworten aus bedarf.csv hochgeladen/);
    assert.match(await clerk.textContent('#progress'), new RegExp(`^4 von ${services.length} beantwortet$`));
    const badCsv = path.join(stack.dir, 'falsch.csv');
    fs.writeFileSync(badCsv, `Leistung;Bedarf\r\n${d};dringend\r\n`);
    await clerk.setInputFiles('#csv-file', badCsv);
    await Promise.all([clerk.waitForNavigation(), clerk.click('form[enctype] button[type=submit]')]);
    assert.match(await clerk.textContent('main [role=alert]'), /falsch\.csv:2:2/);
    const download = await clerk.request.get(`${stack.url}/rounds/krz-2027/answers/${BUENDE}/csv`);
    assert.match(await download.text(), new RegExp(`${d};[^;]*;required;2027-Q4;300;Sozialamt`));

    step('the ballot: over the budget (refused), then within it');
    // The planner's page has followed every answer so far (the caption names the position).
    const headBeforeBallot = stack.head();
    await planner.waitForFunction((h) => document.getElementById('ranking-caption').textContent.endsWith(` ${h}`),
                                  headBeforeBallot, { timeout: 5000 });
    const rankingBefore = await planner.textContent('#ranking-body');
    await clerk.goto(`${stack.url}/rounds/krz-2027/ballot/${BUENDE}`);
    await checkAccessibility(clerk, 'ballot');
    await clerk.fill(`#b-${a}`, '60');
    await clerk.fill(`#b-${c}`, '50');
    assert.match(await clerk.textContent('#remaining'), /10 Punkte über dem Budget von 100/);
    await Promise.all([clerk.waitForNavigation(), clerk.click('main form button[type=submit]')]);
    assert.match(await clerk.textContent('main [role=alert]'), /Die Punkte ergeben zusammen 110, mehr als das Budget von 100/);
    assert.strictEqual(await clerk.inputValue(`#b-${c}`), '50', 'what was entered is kept');
    await checkAccessibility(clerk, 'ballot refused');
    assert.strictEqual(stack.head(), headBeforeBallot, 'a refused ballot writes nothing');
    await clerk.fill(`#b-${c}`, '40');
    assert.match(await clerk.textContent('#remaining'), /Noch 0 von 100 Punkten übrig/);
    await Promise.all([clerk.waitForNavigation(), clerk.click('main form button[type=submit]')]);
    const cast = Date.now();
    assert.match(await clerk.textContent('main [role=status]'), /Stimmzettel wurde gespeichert/);

    step('meanwhile the planner\'s ranking changed without a reload');
    await planner.waitForFunction((before) => document.querySelector('#ranking-body').textContent !== before,
                                  rankingBefore, { timeout: 2000 });
    console.log(`   ranking updated ${Date.now() - cast} ms after the ballot was acknowledged`);
    assert.ok(await planner.evaluate(() => window.notReloaded === true), 'the page was not reloaded');
    const top = await planner.textContent('#ranking-body tr:first-child th');
    assert.ok(top.includes(`(${a})`), `the 60-point service leads: ${top}`);
    await planner.screenshot({ path: path.join(OUT, 'web-ranking.png') });
    await planner.goto(`${stack.url}/rounds/krz-2027/plan`);
    assert.ok(await planner.isVisible('table.heat'), 'the heat map');
    await checkAccessibility(planner, 'plan');
    await planner.screenshot({ path: path.join(OUT, 'web-plan.png') });
    // The plan follows the answers live too.
    await planner.evaluate(() => { window.notReloaded = true; });
    const planBefore = await planner.textContent('#plan-caption');
    await clerk.goto(`${stack.url}/rounds/krz-2027/answers/${BUENDE}`);
    await answer(d, { level: 'wanted', quarter: '2028-Q1', cases: '310', department: 'Sozialamt' });
    await planner.waitForFunction((before) => document.getElementById('plan-caption').textContent !== before,
                                  planBefore, { timeout: 2000 });
    assert.ok(await planner.evaluate(() => window.notReloaded === true), 'the plan page was not reloaded');
    await planner.goto(`${stack.url}/rounds/krz-2027/status`);
    assert.match(await planner.textContent('main'), /1 von 10 Teilnehmenden haben geantwortet/);
    await checkAccessibility(planner, 'status');
    await planner.goto(`${stack.url}/rounds/krz-2027/ranking?method=need&weighting=population&as_of=3`);
    await checkAccessibility(planner, 'ranking as of a position');
    const report = await planner.request.get(`${stack.url}/rounds/krz-2027/report`);
    assert.strictEqual(report.status(), 200);
    assert.match(report.headers()['content-disposition'], /attachment/);

    step('the clerk\'s own plan, compass and the public ranking; English');
    await clerk.goto(`${stack.url}/rounds/krz-2027/plan?ags=${BUENDE}`);
    await checkAccessibility(clerk, 'plan of a municipality');
    await clerk.goto(`${stack.url}/compass/${BUENDE}?round=krz-2027`);
    await checkAccessibility(clerk, 'compass');
    await clerk.goto(`${stack.url}/rounds/krz-2027/ranking`);
    assert.strictEqual(await clerk.$('[data-live]'), null, 'no live view for a municipality (priod lets only staff watch)');
    await clerk.goto(`${stack.url}/rounds/krz-2027/answers/${BUENDE}`);
    await Promise.all([clerk.waitForNavigation(), clerk.click('a.lang')]);
    assert.strictEqual(await clerk.getAttribute('html', 'lang'), 'en');
    assert.match(await clerk.textContent('h1'), /^Questionnaire: Bünde$/);
    await checkAccessibility(clerk, 'questionnaire (English)');
    await Promise.all([clerk.waitForNavigation(), clerk.click('a.lang')]);

    step('answers received on paper: entered by staff where the round allows it, and marked');
    await planner.goto(`${stack.url}/rounds/krz-2027/answers/${BUENDE}`);
    assert.match(await planner.textContent('main [role=alert]'), /nur von den Teilnehmenden/);
    await planner.locator(`#s-${e} select[name=level]`).selectOption('required');
    await planner.locator(`#s-${e} input[name=department]`).fill('Bauamt');
    await planner.locator(`#s-${e} button[type=submit]`).click();
    await planner.waitForFunction((s) => document.querySelector(`#s-${s} .saved`).textContent !== '', e);
    assert.match(await planner.textContent(`#s-${e} .saved`), /nimmt Antworten nur von den Teilnehmenden an/);
    await planner.goto(`${stack.url}/rounds/papier-2027/status`);
    await Promise.all([planner.waitForNavigation(), planner.click('a >> text=Antworten für Bünde erfassen')]);
    assert.match(await planner.textContent('main [role=status]'), /im Auftrag von Bünde/);
    const paper = await planner.$eval('form[data-need] input[name=service]', (i) => i.value);
    await planner.locator(`#s-${paper} select[name=level]`).selectOption('wanted');
    await planner.locator(`#s-${paper} input[name=department]`).fill('Bürgerbüro');
    await planner.locator(`#s-${paper} button[type=submit]`).click();
    await planner.waitForFunction((s) => document.querySelector(`#s-${s} .saved`).textContent === 'Gespeichert', paper);
    await checkAccessibility(planner, 'questionnaire entered by staff');
    await planner.goto(`${stack.url}/rounds/papier-2027/status`);
    assert.match(await planner.textContent('main'), /Vom Dienstleister in ihrem Auftrag erfasste Antworten\s*Bünde/);
    await clerk.goto(`${stack.url}/rounds/papier-2027/answers/${BUENDE}`);
    assert.match(await clerk.textContent(`#s-${paper} .state`), /vom Dienstleister eingetragen \(admin\//);
    assert.match(stack.cli(['round', 'status', 'papier-2027']), /entered on their behalf[\s\S]*05758004/);

    step('what a municipality must not open, by URL');
    let r = await clerk.goto(`${stack.url}/rounds/krz-2027/answers/${ENGER}`);
    assert.strictEqual(r.status(), 403);
    assert.match(await clerk.textContent('main [role=alert]'), /nur für die Kommune 05758004, nicht für die Kommune 05758008/);
    await checkAccessibility(clerk, 'refusal page');
    r = await clerk.goto(`${stack.url}/rounds/intern-2027/ranking`);
    assert.strictEqual(r.status(), 403, 'an internal round\'s ranking');
    r = await clerk.goto(`${stack.url}/rounds/krz-2027/ballot/${ENGER}`);
    assert.strictEqual(r.status(), 403);
    r = await clerk.goto(`${stack.url}/rounds/krz-2027/status`);
    assert.strictEqual(r.status(), 403, 'the round status is for staff');

    step('a POST without the CSRF token is refused and writes nothing');
    const headBefore = stack.head();
    const forged = await clerk.request.post(`${stack.url}/rounds/krz-2027/ballot/${BUENDE}`, {
      form: { request_id: 'forged', [`v-${a}`]: '100' },
    });
    assert.strictEqual(forged.status(), 403);
    const wrongToken = await clerk.request.post(`${stack.url}/rounds/krz-2027/ballot/${BUENDE}`, {
      form: { csrf: 'f'.repeat(64), request_id: 'forged', [`v-${a}`]: '100' },
    });
    assert.strictEqual(wrongToken.status(), 403);
    assert.strictEqual(stack.head(), headBefore);

    step('another clerk completes an answer with the keyboard only');
    const kb = await (await browser.newContext()).newPage();
    watchConsole(kb);
    await kb.goto(`${stack.url}/login`);
    const tabTo = async (test, what) => {
      for (let i = 0; i < 80; ++i) {
        await kb.keyboard.press('Tab');
        if (await kb.evaluate(test)) return;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    await tabTo(() => document.activeElement.id === 'token', 'the token field');
    await kb.keyboard.type(enger.token);
    await Promise.all([kb.waitForNavigation(), kb.keyboard.press('Enter')]);
    await tabTo(() => document.activeElement.textContent === 'Fragebogen', 'the questionnaire link');
    await Promise.all([kb.waitForNavigation(), kb.keyboard.press('Enter')]);
    await tabTo(() => document.activeElement.name === 'level', 'the first need level');
    const sid = await kb.evaluate(() => document.activeElement.form.querySelector('input[name=service]').value);
    await kb.keyboard.press('ArrowDown');  // "erforderlich"
    await kb.keyboard.press('Tab');
    await kb.keyboard.press('ArrowDown');  // the first quarter of the window
    await kb.keyboard.press('Tab');
    await kb.keyboard.type('250');
    await kb.keyboard.press('Tab');
    await kb.keyboard.type('Bürgerbüro');
    await tabTo(() => document.activeElement.type === 'submit', 'the save button');
    await kb.keyboard.press('Enter');
    await kb.waitForFunction((s) => document.querySelector(`#s-${s} .saved`).textContent === 'Gespeichert', sid);
    await kb.reload();
    assert.match(await kb.textContent(`#s-${sid} .state`), /Beantwortet: erforderlich/);
    assert.strictEqual(await kb.inputValue(`#f-${sid}-quarter`), '2027-Q2');
    assert.strictEqual(await kb.inputValue(`#f-${sid}-cases`), '250');

    step('the auditor\'s page asks for a proof');
    const pem = path.join(stack.dir, 'prio-audit.pem');
    fs.writeFileSync(pem, stack.cli(['audit', 'public-key']));
    stack.cli(['audit', 'checkpoint', '--new', '--public-key', pem]);
    const aud = await (await browser.newContext()).newPage();
    watchConsole(aud);
    await signIn(aud, stack.url, auditor.token);
    await aud.goto(`${stack.url}/audit`);
    await aud.fill('#position', '5');
    await Promise.all([aud.waitForNavigation(), aud.click('main form button[type=submit]')]);
    assert.match(await aud.textContent('main pre'), /prio audit prove --position 5 --checkpoint \d+/);
    await checkAccessibility(aud, 'audit');

    step('a revoked token ends the session with a clear page');
    stack.cli(['token', 'revoke', buende.id]);
    r = await clerk.goto(`${stack.url}/rounds/krz-2027/answers/${BUENDE}`);
    assert.strictEqual(r.status(), 401);
    assert.match(await clerk.textContent('h1'), /Ihre Anmeldung ist beendet/);
    await clerk.goto(`${stack.url}/rounds`);
    assert.match(clerk.url(), /\/login/, 'signed out');

    step('sign-out');
    await Promise.all([planner.waitForNavigation(), planner.click('header form button')]);
    assert.match(await planner.textContent('main [role=status]'), /abgemeldet/);
    await planner.goto(`${stack.url}/rounds`);
    assert.match(planner.url(), /\/login/);

    step('over TLS the session cookie is Secure');
    const key = path.join(stack.dir, 'web.key'), cert = path.join(stack.dir, 'web.crt');
    require('child_process').execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
      '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const tlsReady = path.join(stack.dir, 'web-tls.ready');
    stack.spawn(process.env.PRIO_CLI_PATH, ['--server', stack.server, 'web', '--listen', '127.0.0.1:0',
                                            '--ready-file', tlsReady, '--web-cert', cert, '--web-key', key]);
    const tlsUrl = await require('./prio_web.cjs').waitForFile(tlsReady, 20000);
    assert.match(tlsUrl, /^https:\/\//);
    const tls = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await signIn(tls, tlsUrl, admin);
    assert.match(tls.url(), /\/rounds$/);
    const cookies = await tls.context().cookies();
    assert.strictEqual(cookies.length, 1, 'one cookie: the session (none before sign-in)');
    assert.strictEqual(cookies[0].name, '__Host-prio_session');
    assert.ok(cookies[0].secure && cookies[0].httpOnly && cookies[0].sameSite === 'Strict' && cookies[0].path === '/');

    assert.deepStrictEqual(cspViolations, [], 'Content-Security-Policy violations');
    console.log(`ok: axe-core found no WCAG 2.1 AA violation on ${checked.length} pages: ${checked.join(', ')}`);
  } finally {
    await browser.close();
    stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
