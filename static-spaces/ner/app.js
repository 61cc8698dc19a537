// NER Space: runs token classification and marks the entities in the text (space.js does the rest:
// model, progress, errors). Model output reaches the page only through text nodes / textContent.
import { $, startSpace } from './space.js';

const ui = { strategy: $('strategy'), text: $('text'), highlighted: $('highlighted'), results: $('results') };

/** The text with each entity in a <mark> (built from text nodes; start/end are JS string indices). */
function renderHighlighted(text, entities) {
  const parts = [];
  let at = 0;
  for (const e of [...entities].sort((a, b) => a.start - b.start)) {
    if (e.start < at) continue; // overlapping (strategy none on sub-words): keep the first
    if (e.start > at) parts.push(document.createTextNode(text.slice(at, e.start)));
    const mark = document.createElement('mark');
    const label = String(e.entity_group ?? e.entity);
    mark.dataset.entity = label.replace(/^[BI]-/, '');
    mark.textContent = text.slice(e.start, e.end);
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = label;
    mark.append(tag);
    parts.push(mark);
    at = e.end;
  }
  if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
  ui.highlighted.replaceChildren(...parts);
  ui.highlighted.hidden = false;
}

function renderResults(entities) {
  ui.results.replaceChildren();
  for (const e of entities) {
    const li = document.createElement('li');
    const label = String(e.entity_group ?? e.entity);
    Object.assign(li.dataset, { label, score: String(e.score), word: String(e.word), start: String(e.start), end: String(e.end) });
    const name = document.createElement('span');
    name.className = 'label';
    name.textContent = label;
    const word = document.createElement('span');
    word.className = 'word';
    word.textContent = String(e.word);
    const value = document.createElement('span');
    value.className = 'score';
    value.textContent = `${(e.score * 100).toFixed(1)}%`;
    li.append(name, word, value);
    ui.results.append(li);
  }
}

startSpace({
  task: 'token-classification',
  hubModel: 'Xenova/bert-base-NER',
  localModels: ['wasmpipe-test/ner-bert'],
  busy: 'Looking for entities…',
  inputs: [ui.text],
  check: () => (ui.text.value.trim() ? null : 'Type some text first.'),
  async run(ner) {
    const text = ui.text.value;
    const entities = await ner(text, { aggregation_strategy: ui.strategy.value });
    return {
      results: entities.map((e) => ({ ...e })),
      render: () => {
        renderHighlighted(text, entities);
        renderResults(entities);
      },
      summary: (ms) => `${entities.length} entit${entities.length === 1 ? 'y' : 'ies'} in ${ms.toFixed(1)} ms.`,
    };
  },
});
