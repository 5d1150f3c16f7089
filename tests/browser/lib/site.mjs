// The built sites under test: their pages, page kinds, a loopback server and a
// static link check. Sites are built by ./run into $VB_SITES/<name>/.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

export const SITES_DIR = process.env.VB_SITES;
if (!SITES_DIR) throw new Error('VB_SITES is not set: run the suite with tests/browser/run');

/** Folder where screenshots and print PDFs go (kept by CI as output). */
export const SHOTS_DIR = process.env.VB_SHOTS || path.resolve('screenshots');

/** The sites ./run built: `sample` (content/), and fixture sites. */
export function siteNames() {
  return fs.readdirSync(SITES_DIR).filter((n) => fs.existsSync(path.join(SITES_DIR, n, 'index.html'))).sort();
}

/** Every HTML page of a site, as sorted paths relative to its root. */
export function pages(site) {
  const root = path.join(SITES_DIR, site);
  const out = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  })(root);
  return out.sort();
}

/** A page's kind: its path with every folder below the first replaced by `*`
 * (`quotes/*\/index.html`), so new kinds of page are covered without a list. */
export function kindOf(rel) {
  const parts = rel.split('/');
  return parts.map((p, i) => (i > 0 && i < parts.length - 1 ? '*' : p)).join('/');
}

/** A short, readable name for a kind, for test titles and screenshot files. */
export function kindName(kind) {
  if (kind === 'index.html') return 'dashboard';
  return kind.replace(/\/index\.html$/, '').replace(/\/\*/g, '-one').replace(/\//g, '-');
}

/** One page per kind: the largest (the most content, so the most to break). */
export function samplePerKind(site) {
  const root = path.join(SITES_DIR, site);
  const best = new Map();
  for (const rel of pages(site)) {
    const size = fs.statSync(path.join(root, rel)).size;
    const kind = kindOf(rel);
    const cur = best.get(kind);
    if (!cur || size > cur.size || (size === cur.size && rel < cur.rel)) best.set(kind, { rel, size });
  }
  return [...best.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, { rel }]) => ({ kind, rel }));
}

export function hasPage(site, rel) {
  return fs.existsSync(path.join(SITES_DIR, site, rel));
}

export function readPage(site, rel) {
  return fs.readFileSync(path.join(SITES_DIR, site, rel), 'utf8');
}

export function fileUrl(site, rel) {
  return pathToFileURL(path.join(SITES_DIR, site, rel)).href;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml', '.woff2': 'font/woff2',
};

/** Serves $VB_SITES on 127.0.0.1 (a free port), each site under its own sub-path
 * (`/sample/`), so relative links are tested under a sub-path. Folders are not
 * served as their index.html: links must name it. */
export async function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.join(SITES_DIR, decodeURIComponent(url.pathname));
    if (!file.startsWith(SITES_DIR + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (site, rel) => `${base}/${site}/${rel}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const ATTR = /\s(?:href|src)="([^"]*)"/g;

/** The ids a page defines, for checking `#fragment` links. */
function ids(html) {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
}

/** Checks every internal link and asset of every page of a site on disk: the target
 * file exists (a folder is not enough: links name index.html) and a `#fragment`
 * names an id on it. Returns the problems, sorted. */
export function brokenLinks(site) {
  const root = path.join(SITES_DIR, site);
  const idCache = new Map();
  const problems = [];
  for (const rel of pages(site)) {
    const html = fs.readFileSync(path.join(root, rel), 'utf8');
    for (const [, raw] of html.matchAll(ATTR)) {
      const link = raw.replace(/&amp;/g, '&');
      if (/^(https?:|mailto:|tel:|data:)/i.test(link)) continue;
      if (link.startsWith('/')) { problems.push(`${rel}: root-relative link ${link} breaks under a sub-path`); continue; }
      const [target, fragment] = link.split('#');
      const targetRel = target === '' ? rel : path.posix.normalize(path.posix.join(path.posix.dirname(rel), decodeURIComponent(target.split('?')[0])));
      const file = path.join(root, targetRel);
      if (targetRel.startsWith('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        problems.push(`${rel}: ${link} does not resolve to a file`);
        continue;
      }
      if (fragment && targetRel.endsWith('.html')) {
        if (!idCache.has(targetRel)) idCache.set(targetRel, ids(fs.readFileSync(file, 'utf8')));
        if (!idCache.get(targetRel).has(decodeURIComponent(fragment))) problems.push(`${rel}: ${link} names no id #${fragment} on ${targetRel}`);
      }
    }
  }
  return problems.sort();
}
