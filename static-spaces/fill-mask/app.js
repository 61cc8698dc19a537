// Fill-mask Space: lists the best words for each mask token (space.js does the rest: model,
// progress, errors). Model output reaches the page only through textContent.
import { $, startSpace, scoreRow } from './space.js';

const ui = { topk: $('topk'), mask: $('mask'), text: $('text'), results: $('results') };

function candidateRow(c) {
  const li = scoreRow(c.token_str, c.score);
  Object.assign(li.dataset, { token: String(c.token), tokenStr: String(c.token_str), score: String(c.score), sequence: String(c.sequence) });
  const sequence = document.createElement('span');
  sequence.className = 'sequence';
  sequence.textContent = String(c.sequence);
  li.append(sequence);
  return li;
}

/** One list per mask (the pipeline returns a plain list for a single mask). */
function renderResults(output) {
  const perMask = Array.isArray(output[0]) ? output : [output];
  const blocks = [];
  perMask.forEach((candidates, i) => {
    if (perMask.length > 1) {
      const h = document.createElement('p');
      h.className = 'mask-group';
      h.textContent = `Mask ${i + 1}`;
      blocks.push(h);
    }
    const ol = document.createElement('ol');
    ol.dataset.mask = String(i);
    ol.append(...candidates.map(candidateRow));
    blocks.push(ol);
  });
  ui.results.replaceChildren(...blocks);
}

startSpace({
  task: 'fill-mask',
  hubModel: 'Xenova/bert-base-uncased',
  localModels: ['wasmpipe-test/fill-mask-bert'],
  busy: 'Filling…',
  inputs: [ui.text],
  check: () => (ui.text.value.trim() ? null : 'Type some text first.'),
  ready(fill) {
    const mask = fill.tokenizer.mask_token ?? '[MASK]';
    ui.mask.textContent = mask;
    if (mask !== '[MASK]') ui.text.value = ui.text.value.replaceAll('[MASK]', mask);
  },
  async run(fill) {
    const output = await fill(ui.text.value, { top_k: Number(ui.topk.value) });
    return { results: structuredClone(output), render: () => renderResults(output) };
  },
});
