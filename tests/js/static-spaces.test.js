// Each static Space folder deploys alone to the Hub (README front matter `sdk: static`): after the
// build, every file its page and scripts load by a relative path is inside the folder, and the
// copies of static-spaces/_shared/ there are current. (The library itself comes from the
// `wasmpipe-library` meta tag's URL, see the Spaces' READMEs.) The Spaces run in tests/e2e.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';

const SPACES_DIR = path.join(ROOT, 'static-spaces');
const SHARED_DIR = path.join(SPACES_DIR, '_shared');
const spaces = readdirSync(SPACES_DIR).filter((s) => existsSync(path.join(SPACES_DIR, s, 'index.html')));

/** Relative URLs a file loads: src/href in HTML, static imports in JS. */
function relativeRefs(file) {
  const text = readFileSync(file, 'utf8');
  const refs = file.endsWith('.html')
    ? [...text.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    : [...text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return refs.filter((r) => !/^[a-z]+:|^\/\/|^#/i.test(r));
}

test('there are Spaces, and _shared is not one', () => {
  assert.ok(spaces.length >= 4, `Spaces found: ${spaces}`);
  assert.ok(!spaces.includes('_shared'));
});

for (const space of spaces) {
  test(`${space}: a static Space whose page loads only files of its own folder`, () => {
    const dir = path.join(SPACES_DIR, space);
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(readme)?.[1] ?? '';
    assert.match(frontMatter, /^sdk: static$/m);
    assert.match(frontMatter, /^app_file: index\.html$/m);
    const loaded = new Set();
    const visit = (file) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const ref of relativeRefs(file)) {
        const target = path.resolve(path.dirname(file), ref);
        assert.ok(target.startsWith(dir + path.sep), `${path.relative(dir, file)} loads ${ref}, outside the Space folder`);
        assert.ok(existsSync(target), `${path.relative(dir, file)} loads ${ref}, missing (run: npm run build)`);
        if (/\.(html|m?js)$/.test(target)) visit(target);
        else loaded.add(target);
      }
    };
    visit(path.join(dir, 'index.html'));
    for (const f of readdirSync(SHARED_DIR)) {
      assert.ok(loaded.has(path.join(dir, f)), `${space} does not load the shared ${f}`);
      assert.equal(readFileSync(path.join(dir, f), 'utf8'), readFileSync(path.join(SHARED_DIR, f), 'utf8'), `${space}/${f} is stale (run: npm run build)`);
    }
  });
}
