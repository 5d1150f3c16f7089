// Every page loads without console errors or failed requests, over HTTP on loopback
// and from file://, and every internal link resolves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, openPage, goto } from './lib/browser.mjs';
import { serve, siteNames, pages, samplePerKind, brokenLinks, fileUrl, kindName } from './lib/site.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

// base-url is basic again with a base_url, only for the copy-link check.
const FIXTURES = siteNames().filter((s) => s !== 'sample' && s !== 'base-url');

for (const site of siteNames().filter((s) => s !== 'base-url')) {
  test(`${site}: every internal link and asset of all ${pages(site).length} pages resolves (on disk)`, () => {
    assert.deepEqual(brokenLinks(site), []);
  });
}

/** The internal links and assets a loaded page refers to, as the browser resolved them. */
async function refs(page) {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('a[href], link[href]')].map((e) => e.href),
    // The search page is reached through the nav's search form.
    ...[...document.querySelectorAll('form[action]')].map((e) => e.action),
    ...[...document.querySelectorAll('script[src], img[src], iframe[src]')].map((e) => e.src),
  ]);
}

/** Whether a same-site URL names an existing file (HTTP 200, or a file on disk). */
async function resolves(url) {
  if (url.startsWith('file:')) {
    const file = fileURLToPath(url.split('#')[0].split('?')[0]);
    return fs.existsSync(file) && fs.statSync(file).isFile();
  }
  const res = await fetch(url.split('#')[0], { method: 'HEAD' });
  return res.status === 200;
}

/** Crawls a site from its dashboard, following every internal link, loading each
 * page once. Returns the pages reached (relative paths) and the problems found. */
async function crawl(site, urlOf) {
  const root = urlOf(site, 'index.html').replace(/index\.html$/, '');
  const seen = new Set(['index.html']);
  const queue = ['index.html'];
  const problems = [];
  const checked = new Map();
  const page = await openPage(browser.context);
  while (queue.length) {
    const rel = queue.shift();
    page.problems = [];
    await goto(page, urlOf(site, rel));
    for (const p of page.problems) problems.push(`${rel}: ${p}`);
    for (const url of await refs(page)) {
      if (!url.startsWith(root)) continue; // external (http, mailto) links are not followed
      const bare = url.split('#')[0].split('?')[0];
      if (!checked.has(bare)) checked.set(bare, await resolves(bare));
      if (!checked.get(bare)) { problems.push(`${rel}: link to ${url} does not resolve`); continue; }
      const target = bare.slice(root.length);
      if (target.endsWith('.html') && !seen.has(target)) { seen.add(target); queue.push(target); }
    }
  }
  await page.close();
  return { reached: [...seen].sort(), problems };
}

for (const site of FIXTURES) {
  for (const [scheme, urlOf] of [['http', (s, r) => server.url(s, r)], ['file', fileUrl]]) {
    test(`${site} over ${scheme}: crawling from the dashboard reaches every page, each loads cleanly and every link resolves`, async () => {
      const { reached, problems } = await crawl(site, urlOf);
      assert.deepEqual(problems, []);
      assert.deepEqual(reached, pages(site), 'pages on disk that no link reaches from the dashboard');
    });
  }
}

test('sample: one page of each kind loads cleanly over http and from file://, and its links resolve', async () => {
  const problems = [];
  const page = await openPage(browser.context);
  for (const { kind, rel } of samplePerKind('sample')) {
    for (const url of [server.url('sample', rel), fileUrl('sample', rel)]) {
      page.problems = [];
      await goto(page, url);
      for (const p of page.problems) problems.push(`${kindName(kind)} ${url}: ${p}`);
      for (const ref of await refs(page)) {
        if ((ref.startsWith('file:') || ref.startsWith(server.url('sample', ''))) && !(await resolves(ref))) {
          problems.push(`${kindName(kind)} ${url}: link to ${ref} does not resolve`);
        }
      }
    }
  }
  await page.close();
  assert.deepEqual(problems, []);
});
