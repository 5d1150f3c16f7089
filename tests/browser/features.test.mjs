// The interactive parts as a stakeholder uses them: sorting and filtering the
// ranking, copying a quote's link, searching, and charts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, goto } from './lib/browser.mjs';
import { serve, pages, hasPage, readPage, fileUrl } from './lib/site.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The rows of every ranking table: per table, per row, the sort key of each column. */
async function tableState(page) {
  return page.evaluate(() => [...document.querySelectorAll('table.sortable')].map((table) => ({
    headers: [...table.tHead.rows[0].cells].map((th) => ({
      label: th.textContent.trim(), numeric: th.dataset.type === 'number', sort: th.getAttribute('aria-sort'),
    })),
    rows: [...table.tBodies[0].rows].map((row) => [...row.cells].map((c) => c.dataset.sort ?? c.textContent.trim())),
  })));
}

function inOrder(values, numeric, direction) {
  for (let i = 1; i < values.length; i++) {
    const order = numeric ? parseFloat(values[i - 1]) - parseFloat(values[i]) : collator.compare(values[i - 1], values[i]);
    if (direction === 'ascending' ? order > 0 : order < 0) return false;
  }
  return true;
}

for (const site of ['sample', 'basic']) {
  test(`${site}: the ranking tables sort by each column, both ways, keeping every row`, async () => {
    const page = await openPage(browser.context, server.url(site, 'opportunities/index.html'));
    const before = await tableState(page);
    assert.ok(before.length > 0, 'no sortable ranking table');
    let reordered = 0;
    for (const [t, table] of before.entries()) {
      for (const [c, header] of table.headers.entries()) {
        const button = page.locator('table.sortable').nth(t).locator('thead th').nth(c).getByRole('button');
        for (const direction of ['ascending', 'descending']) {
          await button.click();
          const now = (await tableState(page))[t];
          assert.equal(now.headers[c].sort, direction, `${header.label}: aria-sort after a click`);
          const column = now.rows.map((r) => r[c]);
          assert.ok(inOrder(column, header.numeric, direction), `${header.label} ${direction}: ${JSON.stringify(column)}`);
          assert.deepEqual([...now.rows].sort(), [...table.rows].sort(), `${header.label}: rows lost or changed`);
          if (direction === 'descending' && new Set(column).size > 1 && JSON.stringify(column) !== JSON.stringify(table.rows.map((r) => r[c]))) reordered++;
        }
      }
    }
    assert.ok(reordered > 0, 'no click changed the order of any table');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

/** Per section: whether it is shown, and per row its title, whether it is shown and its badges' words. */
async function ranking(page) {
  return page.evaluate(() => [...document.querySelectorAll('.bucket-section')].map((s) => ({
    bucket: s.dataset.bucket,
    shown: s.checkVisibility(),
    rows: [...s.querySelectorAll('tbody tr')].map((r) => ({
      title: r.cells[1].textContent.trim(),
      shown: r.checkVisibility(),
      badges: [...r.querySelectorAll('.status')].map((b) => b.textContent.trim()),
    })),
  })));
}

test('sample: the ranking filters by bucket, by status, and hides finished work', async () => {
  const page = await openPage(browser.context, server.url('sample', 'opportunities/index.html'));
  const bucket = page.getByLabel('Bucket');
  const status = page.getByLabel('Status');
  const all = await ranking(page);
  const total = all.flatMap((s) => s.rows).length;
  assert.ok(all.every((s) => s.shown && s.rows.every((r) => r.shown)), 'everything is shown before filtering');

  const buckets = (await bucket.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  assert.deepEqual(buckets, all.map((s) => s.bucket));
  for (const b of buckets) {
    await bucket.selectOption(b);
    const now = await ranking(page);
    assert.deepEqual(now.map((s) => [s.bucket, s.shown]), all.map((s) => [s.bucket, s.bucket === b]), `bucket ${b}`);
    assert.match(await page.locator('.filter-count').textContent(), new RegExp(`^Showing ${now.find((s) => s.bucket === b).rows.length} of ${total} `));
  }
  await bucket.selectOption('');

  const statuses = (await status.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  let matched = 0;
  for (const s of statuses) {
    await status.selectOption(s);
    const rows = (await ranking(page)).flatMap((sec) => sec.rows);
    for (const r of rows) assert.equal(r.shown, r.badges.includes(s), `status ${s}: ${r.title} (${r.badges})`);
    const shown = rows.filter((r) => r.shown).length;
    matched += shown;
    assert.match(await page.locator('.filter-count').textContent(), new RegExp(`^Showing ${shown} of ${total} `));
  }
  assert.ok(matched >= total, 'every opportunity has a status one of the options shows');

  // Both filters at once: one bucket's rows of one status.
  const [fb, fs] = [buckets[0], all[0].rows[0].badges[0]];
  await bucket.selectOption(fb);
  await status.selectOption(fs);
  for (const sec of await ranking(page)) {
    assert.equal(sec.shown, sec.bucket === fb);
    if (sec.shown) for (const r of sec.rows) assert.equal(r.shown, r.badges.includes(fs));
  }
  await bucket.selectOption('');
  await status.selectOption('');

  await page.getByLabel('Hide validated, scaled and dropped').check();
  const done = new Set(['validated', 'scaled', 'dropped']);
  const rows = (await ranking(page)).flatMap((sec) => sec.rows);
  assert.ok(rows.some((r) => !r.shown), 'the sample site has finished work to hide');
  for (const r of rows) assert.equal(r.shown, !r.badges.some((b) => done.has(b)), `hide done: ${r.title}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

const quotePages = (site) => pages(site).filter((p) => p.startsWith('quotes/'));

for (const [site, scheme, expected] of [
  // With base_url the button copies the canonical permalink: the page's folder under base_url.
  ['base-url', 'http', (rel) => `https://research.example.com/voice/${rel.replace(/index\.html$/, '')}`],
  ['basic', 'http', (rel) => server.url('basic', rel)],
  ['basic', 'file', (rel) => fileUrl('basic', rel)],
]) {
  test(`${site} over ${scheme}: the copy-link button copies the quote's ${site === 'base-url' ? 'absolute permalink' : 'page address'}`, async () => {
    const rels = quotePages(site).slice(0, 3);
    assert.ok(rels.length > 0);
    const url = (rel) => (scheme === 'http' ? server.url(site, rel) : fileUrl(site, rel));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], scheme === 'http' ? { origin: new URL(url(rels[0])).origin } : {});
    const page = await openPage(browser.context);
    for (const rel of rels) {
      await goto(page, url(rel) + '#from-a-chat');
      await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
      const button = page.getByRole('button', { name: 'Copy link' });
      await button.click();
      await page.locator('.copy-status', { hasText: 'Link copied' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected(rel), rel);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
    await browser.context.clearPermissions();
  });
}

const SEARCH = 'search/index.html';
// A quote of the sample site with a pinned id, and words only it has among quotes.
const KNOWN = { id: 'tracking-stuck', words: 'leaving for Osaka' };

async function searchAndOpen(page, input) {
  await input.fill(KNOWN.words);
  await input.press('Enter');
  const hit = page.locator(`a[href$="quotes/${KNOWN.id}/index.html"]`).first();
  await hit.waitFor();
  await hit.click();
  await page.waitForURL(`**/quotes/${KNOWN.id}/index.html`);
  assert.match(await page.locator('main blockquote').first().textContent(), /leaving for Osaka/);
}

for (const scheme of ['http', 'file']) {
  test(`sample over ${scheme}: search finds a known quote and opens its page`, async (t) => {
    if (!hasPage('sample', SEARCH)) { t.skip('skipped: no search page in this build'); return; }
    const url = (rel) => (scheme === 'http' ? server.url('sample', rel) : fileUrl('sample', rel));
    const page = await openPage(browser.context, url(SEARCH));
    const input = page.locator('main input[type=search], main [role=searchbox], main input[name=q]').first();
    await searchAndOpen(page, input);

    await goto(page, url('index.html'));
    const nav = page.locator('header [role=search] input, header input[type=search]').first();
    assert.ok(await nav.count(), 'the search page exists but the navigation has no search box');
    await searchAndOpen(page, nav);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

/** Pages with charts: the metrics page and one page of each kind whose HTML has an <svg>. */
function chartPages() {
  const seen = new Set();
  return pages('sample').filter((rel) => {
    if (!readPage('sample', rel).includes('<svg')) return false;
    const kind = rel.split('/')[0];
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

for (const width of [390, 1280]) {
  test(`sample at ${width} px: charts render with a size, inside the page, described for screen readers`, async (t) => {
    const rels = chartPages();
    if (rels.length === 0) { t.skip('skipped: no charts in this build'); return; }
    if (!hasPage('sample', 'metrics/index.html')) { t.skip('skipped: no metrics page in this build'); return; }
    const page = await openPage(browser.context, null, { viewport: { width, height: 900 } });
    for (const rel of rels) {
      await goto(page, server.url('sample', rel));
      const charts = await page.evaluate(() => [...document.querySelectorAll('main svg')].filter((s) => !s.closest('svg svg') && s.parentElement.closest('svg') === null).map((s) => {
        const box = s.getBoundingClientRect();
        const named = (s.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
        return {
          width: box.width, height: box.height, right: box.right + window.scrollX,
          role: s.getAttribute('role'),
          title: s.querySelector(':scope > title')?.textContent.trim() || '',
          desc: s.querySelector(':scope > desc')?.textContent.trim() || '',
          labelledBy: named.every((id) => document.getElementById(id)),
          hidden: s.getAttribute('aria-hidden') === 'true',
          // Each figure carries a wide and a narrow drawing; CSS shows the one that fits.
          shown: s.checkVisibility(),
          figure: [...document.querySelectorAll('main figure')].indexOf(s.closest('figure')),
        };
      }));
      assert.ok(charts.length > 0, `${rel}: no chart`);
      const shownPerFigure = new Map();
      for (const c of charts) if (c.shown && c.figure >= 0) shownPerFigure.set(c.figure, (shownPerFigure.get(c.figure) ?? 0) + 1);
      for (const c of charts) {
        if (c.figure >= 0) assert.equal(shownPerFigure.get(c.figure), 1, `${rel}: figure ${c.figure + 1} shows ${shownPerFigure.get(c.figure) ?? 0} of its drawings at ${width} px, not one`);
      }
      for (const [i, c] of charts.entries()) {
        if (c.hidden || !c.shown) continue; // decoration, or the variant for another width
        const where = `${rel} chart ${i + 1}`;
        assert.ok(c.width > 0 && c.height > 0, `${where}: rendered ${c.width}×${c.height}`);
        assert.ok(c.right <= width + 1, `${where}: sticks out of the page (right edge at ${c.right} px)`);
        assert.equal(c.role, 'img', `${where}: role`);
        assert.ok(c.title, `${where}: no <title>`);
        assert.ok(c.desc, `${where}: no <desc>`);
        assert.ok(c.labelledBy, `${where}: aria-labelledby names a missing id`);
      }
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}
