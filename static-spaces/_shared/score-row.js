// A result row of the classification-like pages: label, score bar, score text. Shared by the
// static Spaces (through space.js; scripts/build.sh copies it into every Space folder) and the demo
// (demo/app.js, served beside the Spaces at /spaces/). No side effects: safe to import anywhere.
// Model output reaches the page only through textContent.

export function scoreRow(label, score, scoreText = `${(score * 100).toFixed(1)}%`) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'label';
  name.textContent = String(label);
  const bar = document.createElement('span');
  bar.className = 'bar';
  const fill = document.createElement('span');
  fill.className = 'fill';
  fill.style.width = `${Math.max(0, Math.min(1, score)) * 100}%`;
  bar.append(fill);
  const value = document.createElement('span');
  value.className = 'score';
  value.textContent = scoreText;
  li.append(name, bar, value);
  return li;
}
