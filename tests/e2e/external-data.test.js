// External data in Chromium (onnxruntime-web's externalData, the Cache API): the real
// all-MiniLM-L6-v2 in fp32, its graph in onnx/model.onnx and its 90 MB of weights in
// onnx/model.onnx_data (rebuilt by npm run setup), against sentence-transformers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BROWSER_CACHE_NAME } from '../../js/hub/cache.js';
import { checkPrerequisites, startServer, launchBrowser, openPage, closeAll, ROOT, MODEL_ROOT } from './helpers.js';

const MINILM = 'wasmpipe-test/all-MiniLM-L6-v2';
const DATA = 'onnx/model.onnx_data';
const m = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/expected/feature-extraction.json'), 'utf8'))
  .models['all-MiniLM-L6-v2'];

let server, browser;
before(async () => {
  checkPrerequisites(MINILM);
  assert.ok(fs.existsSync(path.join(MODEL_ROOT, MINILM, DATA)), `${MINILM}/${DATA} is missing: run npm run setup`);
  server = await startServer({ isolate: true });
  browser = await launchBrowser();
}, { timeout: 60_000 });
after(async () => closeAll(browser, server));

const cosine = (a, b) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return d / Math.sqrt(na * nb);
};

test('MiniLM fp32 from external data in the browser: sentence-transformers embeddings, data file cached', { timeout: 180_000 }, async () => {
  const context = await browser.newContext();
  const { page, log } = await openPage(context);
  try {
    await page.goto(`${server.url}/dist/wasmpipe.js`, { waitUntil: 'domcontentloaded' });
    const texts = m.single.map((e) => e.text);
    const run = () => page.evaluate(async ({ origin, MINILM, DATA, texts, cacheName }) => {
      const lib = await import(`${origin}/dist/wasmpipe.js`);
      lib.env.allowLocalModels = false;
      lib.env.remoteHost = `${origin}/`;
      const events = [];
      const fe = await lib.pipeline('feature-extraction', MINILM, { dtype: 'fp32', use_external_data_format: 1,
        progress_callback: (e) => { if (e.file === DATA) events.push(e.status); } });
      const out = [];
      for (const t of texts) out.push(Array.from((await fe(t, { pooling: 'mean', normalize: true })).data));
      await fe.dispose();
      const cache = await caches.open(cacheName);
      const keys = (await cache.keys()).map((r) => r.url).filter((u) => u.endsWith(DATA));
      return { out, events, keys };
    }, { origin: server.url, MINILM, DATA, texts, cacheName: BROWSER_CACHE_NAME });
    const dataPath = `/${MINILM}/resolve/main/${DATA}`;
    const first = await run();
    m.single.forEach((e, i) => {
      const c = cosine(first.out[i], e.sentence_transformers);
      assert.ok(c >= 0.9999, `${JSON.stringify(e.text.slice(0, 30))}: cosine ${c}`);
    });
    assert.deepEqual([first.events[0], first.events[1], first.events.at(-1)], ['initiate', 'download', 'done']);
    assert.equal(first.keys.length, 1, 'the data file is in the Cache API');
    const fetched = server.stats.count(dataPath);
    assert.equal(fetched, 1);
    const second = await run(); // from the cache: no new request for the 90 MB
    assert.equal(server.stats.count(dataPath), fetched);
    assert.deepEqual(second.out, first.out);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});
