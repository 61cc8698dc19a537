// Generation speed in Node on the tiny fixture models (npm run bench runs the Chromium version,
// generation.js): tokens per second and the per-token time
// spent outside ONNX Runtime's run() (our loop + the C++ generator), wasmpipe greedy and beam-4
// vs transformers.js greedy (it has no beam search). Usage: node tests/bench/generation-node.js
// (prints a markdown table; not a timed test).
import { env as tjsEnv, AutoModelForCausalLM, AutoModelForSeq2SeqLM, Tensor } from '@huggingface/transformers';
import { pipeline } from '../../js/index.js';
import { useLocalHub } from '../js/helpers/server.js';
import { localModelFixtures } from '../js/helpers/paths.js';

const N = 48; // new tokens per run (min_new_tokens forces the length)
const MODELS = [
  { id: 'wasmpipe-test/tiny-gpt2', seq2seq: false, prompt: [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13] },
  { id: 'wasmpipe-test/tiny-t5', seq2seq: true, prompt: [37, 1704, 4216, 3, 20400, 4418, 7, 147, 8, 19743, 1782, 5, 1] },
];

function timeRuns(session) {
  const stats = { ms: 0, calls: 0 };
  const run = session.run.bind(session);
  session.run = async (...args) => {
    const t = performance.now();
    try { return await run(...args); } finally { stats.ms += performance.now() - t; stats.calls += 1; }
  };
  return stats;
}

async function ours(model, options) {
  const pipe = await pipeline(model.seq2seq ? 'text2text-generation' : 'text-generation', model.id, { dtype: 'fp32' });
  try {
    await pipe.generativeModel.generate(model.prompt, { options: { ...options, max_new_tokens: 4 } }); // warm-up
    const stats = Object.values(pipe.sessions).map(timeRuns);
    const t = performance.now();
    await pipe.generativeModel.generate(model.prompt, { options: { ...options, max_new_tokens: N, min_new_tokens: N } });
    const total = performance.now() - t;
    const inRun = stats.reduce((a, s) => a + s.ms, 0);
    return { total, inRun };
  } finally {
    await pipe.dispose();
  }
}

async function theirs(model) {
  const Auto = model.seq2seq ? AutoModelForSeq2SeqLM : AutoModelForCausalLM;
  const m = await Auto.from_pretrained(model.id, { dtype: 'fp32', device: 'cpu' });
  try {
    const inputs = new Tensor('int64', BigInt64Array.from(model.prompt, BigInt), [1, model.prompt.length]);
    const mask = new Tensor('int64', new BigInt64Array(model.prompt.length).fill(1n), [1, model.prompt.length]);
    await m.generate({ inputs, attention_mask: mask, max_new_tokens: 4, do_sample: false });
    const stats = Object.values(m.sessions).map(timeRuns);
    const t = performance.now();
    await m.generate({ inputs, attention_mask: mask, max_new_tokens: N, min_new_tokens: N, do_sample: false });
    const total = performance.now() - t;
    return { total, inRun: stats.reduce((a, s) => a + s.ms, 0) };
  } finally {
    await m.dispose();
  }
}

const hub = await useLocalHub();
tjsEnv.allowRemoteModels = false;
tjsEnv.allowLocalModels = true;
tjsEnv.localModelPath = `${await localModelFixtures()}/`; // shared-files.json entries linked in
try {
  console.log(`| model | runner | tokens/s | ms/token | ms/token outside run() |\n|---|---|---|---|---|`);
  for (const model of MODELS) {
    const rows = [
      ['wasmpipe greedy', await ours(model, { do_sample: false, num_beams: 1 })],
      ['wasmpipe beam-4', await ours(model, { do_sample: false, num_beams: 4 })],
      ['transformers.js greedy', await theirs(model)],
    ];
    for (const [name, r] of rows) {
      console.log(`| ${model.id} | ${name} | ${(N / (r.total / 1000)).toFixed(0)} | ${(r.total / N).toFixed(3)} | ${((r.total - r.inRun) / N).toFixed(3)} |`);
    }
  }
} finally {
  await hub.close();
}
