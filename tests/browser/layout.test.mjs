// Phones, dark mode and print, and screenshots of each kind of page for reviewers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openPage, goto } from './lib/browser.mjs';
import { serve, samplePerKind, kindName, SHOTS_DIR } from './lib/site.mjs';

let browser, server;
before(async () => { browser = await launch(); server = await serve(); });
after(async () => { await browser?.close(); await server?.close(); });

const KINDS = samplePerKind('sample');
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

/** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('sample at 390 px: no page of any kind scrolls sideways', async () => {
  const page = await openPage(browser.context, null, { viewport: PHONE });
  const wide = [];
  for (const { kind, rel } of KINDS) {
    await goto(page, server.url('sample', rel));
    const { scroll, client, culprits } = await page.evaluate(() => {
      const root = document.documentElement;
      // The widest elements that stick out, to name in the failure; ones inside a
      // horizontally scrolling box (wide tables) are fine.
      const culprits = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.parentElement.closest('.table-scroll'))
        .slice(0, 3).map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`);
      return { scroll: root.scrollWidth, client: root.clientWidth, culprits };
    });
    if (scroll > client) wide.push(`${kindName(kind)} (${rel}): ${scroll} px wide in a ${client} px viewport: ${culprits.join(', ')}`);
  }
  assert.deepEqual(wide, []);
  await page.close();
});

for (const scheme of ['dark', 'light']) {
  test(`sample: the ${scheme} scheme is applied when the browser prefers it`, async () => {
    const page = await openPage(browser.context, null, { colorScheme: scheme });
    for (const { kind, rel } of KINDS) {
      await goto(page, server.url('sample', rel));
      const colours = await page.evaluate(() => {
        const of = (sel) => { const e = document.querySelector(sel); return e && getComputedStyle(e); };
        return {
          bg: of('body').backgroundColor, ink: of('body').color, header: of('.site-header').backgroundColor,
          scheme: getComputedStyle(document.documentElement).colorScheme,
        };
      });
      const [bg, ink, header] = [luminance(colours.bg), luminance(colours.ink), luminance(colours.header)];
      if (scheme === 'dark') {
        assert.ok(bg < 0.05 && header < 0.1 && ink > 0.6, `${kindName(kind)}: not dark: ${JSON.stringify(colours)}`);
      } else {
        assert.ok(bg > 0.9 && header > 0.8 && ink < 0.05, `${kindName(kind)}: not light: ${JSON.stringify(colours)}`);
      }
    }
    await page.close();
  });
}

test('sample in print: navigation and controls are hidden; quotes, tables and charts are kept whole', async () => {
  const page = await openPage(browser.context);
  for (const { kind, rel } of KINDS) {
    await goto(page, server.url('sample', rel));
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const found = await page.evaluate(() => {
      const shown = (e) => e.checkVisibility();
      const controls = [...document.querySelectorAll('header nav, .skip, form, button, input, select, .site-footer')].filter((e) => shown(e) && !e.closest('th'));
      const whole = [...document.querySelectorAll('main blockquote, main figure, main table, main tr, main svg')];
      return {
        controls: controls.map((e) => e.outerHTML.slice(0, 80)),
        broken: whole.filter((e) => getComputedStyle(e).breakInside !== 'avoid').map((e) => e.outerHTML.slice(0, 80)),
        whole: whole.length,
        ink: getComputedStyle(document.body).color,
      };
    });
    const name = kindName(kind);
    assert.deepEqual(found.controls, [], `${name}: shown in print`);
    assert.deepEqual(found.broken, [], `${name}: may be split across printed pages`);
    assert.equal(found.ink, 'rgb(0, 0, 0)', `${name}: print ink`);
    await page.emulateMedia({ media: 'screen' });
  }
  // One printed report per kind for reviewers, as stakeholders print them (A4).
  for (const { kind, rel } of KINDS.filter(({ kind }) => /^(index|opportunities\/\*)/.test(kind))) {
    await goto(page, server.url('sample', rel));
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: path.join(SHOTS_DIR, `sample-${kindName(kind)}-print.pdf`), format: 'A4', printBackground: true });
  }
  await page.close();
});

for (const [viewport, schemes] of [[PHONE, ['light', 'dark']], [LAPTOP, ['light', 'dark']]]) {
  test(`sample at ${viewport.width} px: screenshots of each kind of page`, async () => {
    for (const scheme of schemes) {
      const page = await openPage(browser.context, null, { viewport, colorScheme: scheme });
      for (const { kind, rel } of KINDS) {
        await goto(page, server.url('sample', rel));
        const file = path.join(SHOTS_DIR, `sample-${kindName(kind)}-${viewport.width}${scheme === 'dark' ? '-dark' : ''}.png`);
        // The whole page, up to 6000 px: enough to review the top of a long page, small enough to open.
        const height = Math.min(6000, await page.evaluate(() => document.documentElement.scrollHeight));
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height }, animations: 'disabled', caret: 'hide' });
      }
      assert.deepEqual(page.problems, []);
      await page.close();
    }
  });
}
