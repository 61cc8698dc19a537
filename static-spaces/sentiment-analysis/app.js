// Sentiment-analysis Space: classifies the text, every label with its score (space.js does the rest:
// model, progress, errors). Model output reaches the page only through textContent.
import { $, startSpace, scoreRow } from './space.js';

const text = $('text'), results = $('results');

function renderResults(output) {
  const sorted = [...output].sort((a, b) => b.score - a.score);
  results.replaceChildren(...sorted.map(({ label, score }, i) => {
    const li = scoreRow(label, score);
    li.className = i === 0 ? 'result top' : 'result';
    Object.assign(li.dataset, { label: String(label), score: String(score) });
    return li;
  }));
}

startSpace({
  task: 'sentiment-analysis',
  hubModel: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
  localModels: ['wasmpipe-test/tiny-bert-sst2', 'wasmpipe-test/tiny-distilbert-sst2'],
  busy: 'Classifying…',
  failed: 'Classification failed.',
  inputs: [text],
  check: () => (text.value.trim() ? null : 'Type some text first.'),
  async run(classify) {
    const output = await classify(text.value, { top_k: null });
    return { results: output.map(({ label, score }) => ({ label, score })), render: () => renderResults(output) };
  },
});
