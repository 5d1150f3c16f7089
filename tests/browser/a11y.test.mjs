// Accessibility: axe-core on each kind of page in both colour schemes, and the
// keyboard reaching every control with a visible focus ring.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { launch, openPage, goto } from './lib/browser.mjs';
import { serve, samplePerKind, kindName, siteNames } from './lib/site.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// The pages' Content Security Policy (script-src 'self') rightly blocks an injected
// <script>; evaluating through the DevTools protocol is not subject to it.
const AXE_SOURCE = fs.readFileSync(AXE, 'utf8');

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

// Each kind from the sample site, plus the follow-up fixture's (it has validation sections).
const TARGETS = [
  ...samplePerKind('sample').map((k) => ({ site: 'sample', ...k })),
  ...(siteNames().includes('follow-up') ? samplePerKind('follow-up').filter((k) => k.kind.startsWith('opportunities/*')).map((k) => ({ site: 'follow-up', ...k })) : []),
];

// Contrast differs by scheme, layout by width; dark at 390 px adds nothing to these three.
for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 390]]) {
  {
    test(`axe-core, ${scheme} scheme at ${width} px: no serious or critical violation on any kind of page`, async () => {
      const page = await openPage(browser.context, null, { colorScheme: scheme, viewport: { width, height: 900 } });
      const found = [];
      let minor = 0;
      for (const { site, kind, rel } of TARGETS) {
        await goto(page, server.url(site, rel));
        await page.evaluate(AXE_SOURCE);
        const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        for (const v of results.violations) {
          if (v.impact === 'serious' || v.impact === 'critical') {
            found.push(`${site} ${kindName(kind)} (${rel}): ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n    ')}`);
          } else {
            minor += v.nodes.length;
            console.log(`note: ${site} ${kindName(kind)}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`);
          }
        }
      }
      assert.deepEqual(found, [], found.join('\n'));
      await page.close();
    });
  }
}

/** Marks every control a keyboard user should reach and returns their descriptions. */
async function controls(page) {
  return page.evaluate(() => {
    const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll(sel)]
      .filter((e) => !e.disabled && (e.checkVisibility() || e.classList.contains('skip')))
      .map((e, i) => { e.dataset.vbControl = i; return `<${e.tagName.toLowerCase()}> ${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40)}`; });
  });
}

/** The focused element's control mark and whether its focus ring can be seen. */
async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(s.outlineColor);
    const box = e.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth;
    return { mark: e.dataset.vbControl ?? null, ring: outline || s.boxShadow !== 'none', onScreen, what: e.outerHTML.slice(0, 80) };
  });
}

test('keyboard: Tab reaches every control of each kind of page, in order, each with a visible focus ring', async () => {
  const page = await openPage(browser.context);
  const problems = [];
  for (const { site, kind, rel } of TARGETS) {
    await goto(page, server.url(site, rel));
    const all = await controls(page);
    const reached = [];
    // The search page focuses its box on load; walk every page from its start. A
    // focused body (made focusable for a moment) moves Tab's starting point there.
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    for (let i = 0; i < all.length + 5; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (!f || (reached.length && f.mark === reached[0])) break; // wrapped round to the browser or the first control
      if (!f.ring || !f.onScreen) problems.push(`${kindName(kind)}: focus not visible on ${f.what}`);
      if (f.mark === null) problems.push(`${kindName(kind)}: Tab reached something that is not a control: ${f.what}`);
      else reached.push(f.mark);
    }
    const missed = all.filter((_, i) => !reached.includes(String(i)));
    if (missed.length) problems.push(`${kindName(kind)} (${rel}): Tab never reaches ${missed.slice(0, 5).join(', ')}${missed.length > 5 ? ` and ${missed.length - 5} more` : ''}`);
    if (reached.join() !== [...reached].sort((a, b) => a - b).join()) problems.push(`${kindName(kind)}: Tab order differs from reading order`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
