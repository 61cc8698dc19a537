// question-answering and feature-extraction in Chromium (wasm, and WebGPU on SwiftShader) against
// the Python references of tests/fixtures/generate_qa_embeddings.py, and the semantic-search
// static Space ranking sentences like sentence-transformers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkPrerequisites, startServer, launchBrowser, openPage, waitForState, closeAll, ROOT } from './helpers.js';

const qaExpected = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/expected/question-answering.json'), 'utf8'));
const feExpected = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/expected/feature-extraction.json'), 'utf8'));
const QA_MODEL = 'wasmpipe-test/tiny-distilbert-squad';
const FE_MODEL = 'wasmpipe-test/tiny-bert-encoder';
const MINILM = 'wasmpipe-test/all-MiniLM-L6-v2';

let server, browser;

before(async () => {
  checkPrerequisites(QA_MODEL);
  server = await startServer({ isolate: true });
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
}, { timeout: 60_000 });

after(async () => {
  await closeAll(browser, server);
});

const utf16 = (text, cp) => Array.from(text).slice(0, cp).join('').length;

/** Runs QA (short contexts, and a 64/16-window long context) and embeddings in the page. */
async function runInPage(page, device) {
  await page.goto(`${server.url}/dist/wasmpipe.js`, { waitUntil: 'domcontentloaded' }); // an origin to run on
  const shortCases = qaExpected.models['tiny-distilbert-squad'].cases.filter((c) => 'short' in c.input);
  const longCase = qaExpected.models['tiny-distilbert-squad'].cases.find((c) => c.id === 'long_stride');
  const feTexts = feExpected.models['tiny-bert-encoder'].single.slice(0, 5).map((e) => e.text);
  return page.evaluate(async ({ origin, device, short, shortCases, longCase, sentences, feTexts, QA_MODEL, FE_MODEL }) => {
    const lib = await import(`${origin}/dist/wasmpipe.js`);
    lib.env.allowLocalModels = false;
    lib.env.remoteHost = `${origin}/`;
    const words = [];
    for (let i = 0; words.length < longCase.input.long; i++) words.push(...`(${i + 1}) ${sentences[i % sentences.length]}`.split(/\s+/));
    const longContext = words.slice(0, longCase.input.long).join(' ');
    const qa = await lib.pipeline('question-answering', QA_MODEL, { device, dtype: 'fp32' });
    const qaOut = [];
    for (const c of shortCases) qaOut.push(await qa(short[c.input.short], c.options));
    const long = await qa({ question: longCase.input.question, context: longContext }, longCase.options);
    await qa.dispose();
    const fe = await lib.pipeline('feature-extraction', FE_MODEL, { device, dtype: 'fp32' });
    const feOut = [];
    for (const t of feTexts) feOut.push(Array.from((await fe(t, { pooling: 'mean', normalize: true })).data));
    await fe.dispose();
    return { qaOut, long, longContext, feOut };
  }, {
    origin: server.url, device, short: qaExpected.short, shortCases, longCase, sentences: qaExpected.meta.long_text.sentences,
    feTexts, QA_MODEL, FE_MODEL,
  });
}

function checkQa(got, want, context, tol, where) {
  const g = Array.isArray(got) ? got : [got];
  const w = Array.isArray(want) ? want : [want];
  assert.equal(g.length, w.length, `${where}: ${JSON.stringify(g)} vs ${JSON.stringify(w)}`);
  w.forEach((x, i) => {
    const y = g.find((a) => a.answer === x.answer) ?? g[i];
    assert.equal(y.answer, x.answer, `${where} #${i}`);
    assert.equal(y.start, utf16(context, x.start), `${where} #${i} start`);
    assert.equal(y.end, utf16(context, x.end), `${where} #${i} end`);
    assert.equal(y.answer, context.slice(y.start, y.end));
    assert.ok(Math.abs(y.score - x.score) <= Math.max(tol, 3e-4 * x.score), `${where} #${i}: ${y.score} vs ${x.score}`);
  });
}

for (const device of ['wasm', 'webgpu']) {
  test(`question-answering and embeddings on ${device} equal Python`, { timeout: 180_000 }, async () => {
    const context = await browser.newContext();
    try {
      const { page, log } = await openPage(context);
      page.setDefaultTimeout(150_000);
      const out = await runInPage(page, device);
      const tol = device === 'wasm' ? 1e-5 : 1e-3; // SwiftShader's float math differs a little
      const m = qaExpected.models['tiny-distilbert-squad'];
      m.cases.filter((c) => 'short' in c.input).forEach((c, i) => {
        checkQa(out.qaOut[i], c.onnx_fp32, qaExpected.short[c.input.short].context, tol, `${device} ${c.id}`);
      });
      checkQa(out.long, m.cases.find((c) => c.id === 'long_stride').onnx_fp32, out.longContext, tol, `${device} long_stride`);
      feExpected.models['tiny-bert-encoder'].single.slice(0, 5).forEach((e, i) => {
        const d = Math.max(...out.feOut[i].map((v, j) => Math.abs(v - e.onnx_fp32.pooled.mean_normalized[j])));
        assert.ok(d <= (device === 'wasm' ? 1e-5 : 1e-3), `${device} embedding #${i}: max diff ${d}`);
      });
      assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    } finally {
      await context.close();
    }
  });
}

test('semantic-search Space ranks sentences like sentence-transformers (MiniLM q8)', { timeout: 150_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    await page.goto(`${server.url}/spaces/semantic-search/?dtype=q8`, { waitUntil: 'domcontentloaded' });
    await waitForState(page, ['ready', 'error'], 90_000);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', await page.locator('#error').textContent());
    const s = feExpected.models['all-MiniLM-L6-v2'].similarity;
    await page.fill('#query', s.query);
    await page.fill('#corpus', s.corpus.join('\n'));
    await page.click('#run');
    await page.locator('#results li').first().waitFor({ timeout: 60_000 });
    await waitForState(page, 'ready');
    const rows = await page.$$eval('#results li', (lis) => lis.map((li) => ({ id: Number(li.dataset.corpusId), score: Number(li.dataset.score), text: li.querySelector('.label').textContent })));
    const want = s.cos_sim.map((score, id) => ({ id, score })).sort((a, b) => b.score - a.score);
    // The three relevant sentences in sentence-transformers' order (the two unrelated ones score
    // 0.033 and 0.036 in fp32, close enough for q8 to swap them); every score within 0.02.
    assert.equal(rows.length, s.corpus.length);
    assert.deepEqual(rows.slice(0, 3).map((r) => r.id), want.slice(0, 3).map((r) => r.id), `order: ${JSON.stringify(rows)}`);
    rows.forEach((r) => {
      assert.equal(r.text, s.corpus[r.id]);
      assert.ok(Math.abs(r.score - s.cos_sim[r.id]) < 0.02, `${r.text}: ${r.score} vs ${s.cos_sim[r.id]}`);
    });
    const recorded = await page.evaluate(() => structuredClone(window.wasmpipeSpace));
    assert.equal(recorded.model, MINILM);
    assert.equal(recorded.error, null);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations');
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  } finally {
    await context.close();
  }
});
