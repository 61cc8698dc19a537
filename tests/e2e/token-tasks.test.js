// token-classification, fill-mask and zero-shot-classification in Chromium: the NER and fill-mask
// Spaces through their UI, and all three pipelines in a page on wasm and on WebGPU (SwiftShader),
// against the outputs Python transformers recorded (tests/fixtures/generate_token_tasks.py).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkPrerequisites, startServer, launchBrowser, openPage, waitForState, closeAll, ROOT } from './helpers.js';

const load = (task) => JSON.parse(fs.readFileSync(path.join(ROOT, `tests/fixtures/expected/${task}.json`), 'utf8'));
const NER = load('token-classification').models;
const FILL = load('fill-mask').models;
const ZERO = load('zero-shot-classification').models;

let server, browser;
before(async () => {
  checkPrerequisites('wasmpipe-test/ner-bert');
  server = await startServer({ isolate: true });
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
}, { timeout: 60_000 });
after(async () => closeAll(browser, server));

/** Python str index (code points) -> JS string index (UTF-16 units). */
const utf16 = (text, cp) => Array.from(text).slice(0, cp).join('').length;
const nerWant = (text, entities) => entities.map((e) => ({ ...e, start: utf16(text, e.start), end: utf16(text, e.end) }));

function assertClose(got, want, tol, where) {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got) && got.length === want.length, `${where}: ${JSON.stringify(got)?.slice(0, 300)} vs ${JSON.stringify(want).slice(0, 300)}`);
    want.forEach((w, i) => assertClose(got[i], w, tol, `${where}[${i}]`));
  } else if (want && typeof want === 'object') {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${where}: keys`);
    for (const k of Object.keys(want)) assertClose(got[k], want[k], tol, `${where}.${k}`);
  } else if (typeof want === 'number' && !Number.isInteger(want)) {
    assert.ok(Math.abs(got - want) <= tol + 1e-3 * Math.abs(want), `${where}: ${got} vs ${want}`);
  } else {
    assert.equal(got, want, where);
  }
}

/** Loads the bundle in a page of the server and runs `calls` ([input, ...args]) on one pipeline. */
async function runInPage(page, task, model, device, calls) {
  return page.evaluate(async ({ task, model, device, calls }) => {
    const lib = await import('/dist/wasmpipe.js');
    lib.env.allowLocalModels = false;
    lib.env.remoteHost = `${location.origin}/`;
    const pipe = await lib.pipeline(task, model, { device, dtype: 'fp32' });
    try {
      const out = [];
      for (const [input, ...args] of calls) out.push(await pipe(input, ...args));
      return out;
    } finally {
      await pipe.dispose();
    }
  }, { task, model, device, calls });
}

async function withPage(fn) {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    await page.goto(`${server.url}/spaces/ner/?device=none`, { waitUntil: 'domcontentloaded' }); // a same-origin page (stops at its parameter check)
    await fn(page);
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  } finally {
    await context.close();
  }
}

/**
 * Top-k lists on WebGPU: scores rank by rank within tol; tokens must match except where the
 * expected neighbours' scores are within tol of each other (near-ties may swap on another backend).
 */
function assertTopK(got, want, tol, where) {
  if (Array.isArray(want[0])) {
    assert.equal(got.length, want.length, where);
    want.forEach((w, i) => assertTopK(got[i], w, tol, `${where}[${i}]`));
    return;
  }
  assert.equal(got.length, want.length, where);
  want.forEach((w, r) => {
    assert.ok(Math.abs(got[r].score - w.score) <= tol, `${where}[${r}]: ${got[r].score} vs ${w.score}`);
    const tied = want.some((o, k) => k !== r && Math.abs(o.score - w.score) <= 2 * tol);
    if (!tied) assert.equal(got[r].token, w.token, `${where}[${r}].token`);
  });
}

async function checkNer(page, name, device, tol, n) {
  const ner = NER[name];
  const cases = ner.single.slice(0, Math.min(n, 4));
  const calls = cases.flatMap((s) => Object.values(s.outputs).map((o) => [s.text, o.options]));
  const wanted = cases.flatMap((s) => Object.values(s.outputs).map((o) => nerWant(s.text, o.result)));
  assertClose(await runInPage(page, 'ner', ner.repo_id, device, calls), wanted, tol, `${device} ner ${name}`);
}

async function checkFillMask(page, name, device, tol, n) {
  const fill = FILL[name];
  const cases = fill.single.slice(0, n).flatMap((s) => s.outputs.slice(0, device === 'wasm' ? undefined : 2).map((o) => ({ s, o })));
  const got = await runInPage(page, 'fill-mask', fill.repo_id, device, cases.map(({ s, o }) => [s.text, o.options]));
  cases.forEach(({ s, o }, i) => {
    const where = `${device} fill-mask ${name} ${s.text} ${JSON.stringify(o.options)}`;
    if (device === 'wasm') assertClose(got[i], o.result, tol, where);
    else assertTopK(got[i], o.result, tol, where);
  });
}

async function checkZeroShot(page, name, device, tol, n) {
  const zero = ZERO[name];
  const cases = zero.single.slice(0, n);
  const calls = cases.flatMap((s) => s.outputs.map(({ options: { candidate_labels, ...rest } }) => [s.text, candidate_labels, rest]));
  const wanted = cases.flatMap((s) => s.outputs.map((o) => o.result));
  assertClose(await runInPage(page, 'zero-shot-classification', zero.repo_id, device, calls), wanted, tol, `${device} zero-shot ${name}`);
}

// wasm: everything recorded for one model per task. WebGPU (SwiftShader, slow): a subset, and the
// RoBERTa family too (RoBERTa NER and NLI, XLM-R's SentencePiece fill-mask): ORT 1.30's JSEP build
// gave RoBERTa wrong logits (max |diff| 15; an upload ordering bug, see
// js/backend/ort-builds.browser.js), the native WebGPU build we load does not.
const MODELS = {
  wasm: { ner: ['ner-bert'], fill: ['fill-mask-roberta'], zero: ['zero-shot-bert-nli'] },
  webgpu: {
    ner: ['ner-bert', 'ner-roberta'],
    fill: ['fill-mask-roberta', 'fill-mask-xlm-roberta-spm'],
    zero: ['zero-shot-bert-nli', 'zero-shot-roberta-nli'],
  },
};
for (const [device, tol, n] of [['wasm', 1e-5, Infinity], ['webgpu', 1e-3, 2]]) {
  const { ner, fill, zero } = MODELS[device];
  test(`${device}: NER (all strategies; ${ner}), fill-mask (${fill}) and zero-shot (${zero}) in Chromium equal Python (fp32, ${tol})`, { timeout: 240_000 }, async () => {
    await withPage(async (page) => {
      for (const name of ner) await checkNer(page, name, device, tol, n);
      for (const name of fill) await checkFillMask(page, name, device, tol, n);
      for (const name of zero) await checkZeroShot(page, name, device, tol, n);
    });
  });
}

async function openSpace(context, space, model) {
  const { page, log } = await openPage(context);
  await page.goto(`${server.url}/spaces/${space}/?model=${encodeURIComponent(model)}&dtype=fp32`, { waitUntil: 'domcontentloaded' });
  await waitForState(page, ['ready', 'error']);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', await page.locator('#error').textContent());
  return { page, log };
}

async function runSpace(page, text, n) {
  await page.fill('#text', text);
  await page.click('#run');
  await page.waitForFunction((k) => window.wasmpipeSpace.runs === k || window.wasmpipeSpace.error, n, { timeout: 30_000 });
  const recorded = await page.evaluate(() => structuredClone(window.wasmpipeSpace));
  assert.equal(recorded.error, null);
  return recorded.results;
}

test('NER Space: every strategy through the UI equals Python, entities marked at their offsets, no CSP violations', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const m = NER['ner-bert'];
    const { page, log } = await openSpace(context, 'ner', m.repo_id);
    let n = 0;
    for (const s of m.single.slice(0, 4)) {
      for (const strategy of ['none', 'simple', 'first', 'average', 'max']) {
        await page.selectOption('#strategy', strategy);
        const got = await runSpace(page, s.text, ++n);
        assertClose(got, nerWant(s.text, s.outputs[strategy].result), 1e-5, `Space ${strategy} ${s.text.slice(0, 30)}`);
      }
      // The marks show exactly the text at each entity's offsets (last run: max).
      const marks = await page.$$eval('#highlighted mark', (ms) => ms.map((mk) => mk.firstChild.textContent));
      const want = nerWant(s.text, s.outputs.max.result).map((e) => s.text.slice(e.start, e.end));
      assert.deepEqual(marks, want);
    }
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('fill-mask Space: several masks and <mask> through the UI equal Python', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const m = FILL['fill-mask-roberta'];
    const { page, log } = await openSpace(context, 'fill-mask', m.repo_id);
    assert.equal(await page.locator('#mask').textContent(), '<mask>');
    let n = 0;
    for (const s of m.single) {
      const got = await runSpace(page, s.text, ++n);
      assertClose(got, s.outputs[0].result, 1e-5, `Space ${s.text}`);
      const rows = await page.$$eval('#results li', (lis) => lis.map((li) => li.dataset.tokenStr));
      const flat = [s.outputs[0].result].flat(2).map((c) => c.token_str);
      assert.deepEqual(rows, flat);
    }
    // A text without the mask: a readable error, and the page keeps working.
    await page.fill('#text', 'No mask here.');
    await page.click('#run');
    await page.locator('#error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#error').textContent(), /mask_token \(<mask>\)/);
    assertClose(await runSpace(page, m.single[0].text, ++n), m.single[0].outputs[0].result, 1e-5, 'after the error');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});
