// Exemplar extension: the content script (a classic script, in every frame of
// the enabled EHR origins). It finds note fields, sends their text to the
// service worker as the user types and shows the moments it gets back,
// without ever changing the page's editors:
//
//  - <textarea>: an overlay, absolutely positioned boxes in a shadow root
//    appended to <html>, computed from a hidden mirror of the textarea's text
//    with the same metrics; it follows scrolling and resizing;
//  - contenteditable editors and read-only note text ([data-note],
//    role=document, .note-view): the CSS Custom Highlight API (Ranges in
//    CSS.highlights, styled by content.css).
//
// Hovering a highlight, or putting the caret in one, shows its kind, its cue
// and why it counts. Only affirmed cues are highlighted (negated and
// hypothetical ones are not). Note text is never logged.
(() => {
  'use strict';

  if (globalThis.__exemplarContent) return; // injected twice (registerContentScripts + executeScript)
  globalThis.__exemplarContent = true;

  const MSG = {
    analyze: 'exemplar:analyze',
    report: 'exemplar:report',
  };
  const STORE_KINDS = 'settings.kinds';
  const STORE_RULEPACK = 'settings.rulepack';
  const KINDS = {
    breakdown: { label: 'Breakdown', color: '#d93a3f', rgb: '217, 58, 63' },
    rule_bending: { label: 'Rule bending', color: '#8e4ec6', rgb: '142, 78, 198' },
    advocacy: { label: 'Advocacy', color: '#0b6fd6', rgb: '11, 111, 214' },
    family_involvement: { label: 'Family involvement', color: '#23873f', rgb: '35, 135, 63' },
  };
  const DEBOUNCE_MS = 150;
  const POLL_MS = 500;
  const FIELD_SELECTOR = 'textarea, [contenteditable], [data-note], [role="document"], .note-view';
  const VIEW_SELECTOR = '[data-note], [role="document"], .note-view';
  const HOST_TAG = 'exemplar-overlay';

  // ------------------------------------------------------------ overlay --

  const OVERLAY_CSS = `
    :host { all: initial; }
    .field { position: absolute; overflow: hidden; pointer-events: none; contain: layout paint; }
    .field[hidden] { display: none; }
    .content { position: absolute; left: 0; top: 0; pointer-events: none; }
    .hl { position: absolute; box-sizing: border-box; pointer-events: auto; cursor: text;
          border-radius: 2px; border-bottom: 2px solid var(--c); background: rgba(var(--rgb), 0.2); }
    .hl.weak { background: transparent; border-bottom-style: dashed; }
    .hl.lead { border-bottom-width: 3px; }
    .hl.hot { background: rgba(var(--rgb), 0.34); }
    .pass .hl { pointer-events: none; }
    .mirror { position: absolute; left: 0; top: 0; visibility: hidden; pointer-events: none;
              margin: 0; border: 0; padding: 0; box-sizing: content-box; height: auto; overflow: hidden; }
    .tip { position: fixed; left: 0; top: 0; z-index: 1; max-width: 360px; box-sizing: border-box;
           padding: 8px 10px; border-radius: 6px; background: #1e2631; color: #f4f6f8;
           font: 12px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; text-align: left;
           box-shadow: 0 4px 14px rgba(0, 0, 0, 0.28); pointer-events: none; white-space: normal; }
    .tip[hidden] { display: none; }
    .tip .kind { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-weight: 600; }
    .tip .flag { margin-left: 6px; color: #b8c2cc; }
    .tip .cue { margin: 4px 0 2px; font-style: italic; color: #fff; }
    .tip .why { color: #dfe5ea; }
    .tip .rule { margin-top: 3px; color: #8d99a6; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11px; }
  `;

  let host = null;
  let shadow = null;
  let root = null; // wrapper in the shadow root (class "pass" while hovering)
  let tip = null;

  function ensureHost() {
    if (!host) {
      host = document.createElement(HOST_TAG);
      const s = host.style;
      for (const [k, v] of [
        ['all', 'initial'],
        ['position', 'absolute'],
        ['left', '0'],
        ['top', '0'],
        ['width', '0'],
        ['height', '0'],
        ['overflow', 'visible'],
        ['display', 'block'],
        ['z-index', '2147483647'],
        ['pointer-events', 'none'],
      ]) {
        s.setProperty(k, v, 'important');
      }
      shadow = host.attachShadow({ mode: 'open' });
      // A constructed sheet: not subject to the page's style-src CSP.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(OVERLAY_CSS);
      shadow.adoptedStyleSheets = [sheet];
      root = document.createElement('div');
      tip = document.createElement('div');
      tip.className = 'tip';
      tip.hidden = true;
      tip.setAttribute('role', 'tooltip');
      shadow.append(root, tip);
    }
    if (!host.isConnected && document.documentElement) document.documentElement.append(host);
    return root;
  }

  function markRendered(ms, parts = {}) {
    ensureHost();
    renders++;
    host.dataset.renders = String(renders);
    host.dataset.renderedAt = String(performance.now());
    host.dataset.pipelineMs = ms.toFixed(2);
    // Timings only (no text), for diagnostics and the latency test.
    for (const [k, v] of Object.entries(parts)) host.dataset[k] = Number(v).toFixed(2);
  }
  let renders = 0;

  // ------------------------------------------------------------ tooltip --

  // source: 'hover' (pointer over a highlight), 'pointer' (a click put the
  // caret in one) or 'caret' (keyboard). Pointer-made tips end when the
  // pointer leaves the highlights; keyboard-made ones when the caret does.
  let tipState = null; // { moment, source, rects: DOMRect[] }

  function showTip(moment, rects, source) {
    ensureHost();
    const k = KINDS[moment.kind] ?? { label: moment.kind, color: '#555' };
    tip.replaceChildren();
    const head = document.createElement('div');
    const chip = document.createElement('span');
    chip.className = 'kind';
    chip.style.background = k.color;
    chip.textContent = k.label;
    head.append(chip);
    const flags = [];
    if (moment.historical) flags.push('historical');
    if (moment.lead) flags.push('read first: the strongest passage of this kind');
    if (!moment.counted) flags.push('weak cue: not enough on its own for the note');
    if (flags.length) {
      const f = document.createElement('span');
      f.className = 'flag';
      f.textContent = flags.join(' · ');
      head.append(f);
    }
    const cue = document.createElement('div');
    cue.className = 'cue';
    cue.textContent = `“${moment.cue}”`;
    const why = document.createElement('div');
    why.className = 'why';
    why.textContent = moment.message;
    const rule = document.createElement('div');
    rule.className = 'rule';
    rule.textContent = moment.rule;
    tip.append(head, cue, why, rule);
    tip.dataset.kind = moment.kind;
    tip.dataset.source = source;
    tip.hidden = false;
    tipState = { moment, source, rects };
    placeTip(rects);
  }

  function placeTip(rects) {
    const r = rects[0];
    if (!r) return;
    const last = rects[rects.length - 1];
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const vw = document.documentElement.clientWidth || innerWidth;
    const vh = innerHeight;
    let left = Math.min(Math.max(4, r.left), Math.max(4, vw - w - 4));
    let top = last.bottom + 6;
    if (top + h > vh - 4) top = Math.max(4, r.top - h - 6);
    tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  function hideTip(...sources) {
    if (!tipState || (sources.length && !sources.includes(tipState.source))) return;
    tipState = null;
    if (tip) tip.hidden = true;
    if (root) root.classList.remove('pass');
    for (const f of fields) if (f.setHot) f.setHot(null);
  }

  // ------------------------------------------------------------- fields --

  const fields = new Set();
  const fieldByEl = new WeakMap();
  let nextFieldId = 1;

  function fieldLabel(el, fallback) {
    const aria = el.getAttribute('aria-label');
    if (aria) return aria.trim();
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = by
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
        .filter(Boolean)
        .join(' ');
      if (t) return t;
    }
    if (el.id && el.labels?.length) return el.labels[0].textContent.trim();
    return (el.getAttribute('title') || el.getAttribute('placeholder') || fallback).trim();
  }

  class Field {
    constructor(el, type) {
      this.el = el;
      this.type = type; // 'textarea' | 'rich' | 'view'
      this.id = `f${nextFieldId++}`;
      this.timer = 0;
      this.inFlight = false;
      this.again = false;
      this.force = false;
      this.alive = true;
      this.analysedText = null; // text of the shown highlights
      this.moments = []; // highlighted (affirmed) moments
      this.activeAt = 0;
      this.frameLabel = fieldLabel(el, type === 'textarea' ? 'Text field' : type === 'rich' ? 'Rich-text editor' : 'Note');
    }

    schedule(delay = DEBOUNCE_MS) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = 0;
        this.run();
      }, delay);
    }

    async run() {
      if (!this.alive) return;
      if (this.inFlight) {
        this.again = true; // one analysis in flight; the newest text wins
        return;
      }
      const snap = this.read();
      if (snap.text === this.analysedText && !this.force) {
        // Same text, new nodes (e.g. a viewer re-rendered the note): the old
        // ranges collapsed; map the shown moments onto the new nodes.
        if (this.type !== 'textarea') this.show(this.moments.slice(), snap);
        return;
      }
      const force = this.force;
      this.force = false;
      this.inFlight = true;
      this.again = false;
      const t0 = performance.now();
      let res = null;
      try {
        res = await chrome.runtime.sendMessage({
          type: MSG.analyze,
          text: snap.text,
          fieldId: this.id,
          field: this.type,
          label: this.frameLabel,
          activeAt: this.activeAt,
        });
      } catch (e) {
        if (!chrome.runtime?.id) shutdown(); // the extension was reloaded or removed
        res = null;
      } finally {
        this.inFlight = false;
      }
      if (!this.alive) return;
      const now = this.read();
      if (now.text !== snap.text || this.again) {
        // Stale: the text changed while the engine worked. A pending debounce
        // timer will send the newest text; otherwise send it now.
        this.again = false;
        if (now.text !== snap.text && !this.timer) this.run();
        else if (force) this.force = true;
        return;
      }
      if (!res) return;
      if (!res.ok) {
        // Code only: messages never carry note text, but stay terse anyway.
        console.warn(`[Exemplar] analysis failed: ${res.error?.code ?? 'unknown'}`);
        this.analysedText = now.text;
        this.show([], now);
        return;
      }
      this.analysedText = now.text;
      const t1 = performance.now();
      const moments = res.analysis ? res.analysis.moments.filter((m) => m.affirmed) : [];
      this.show(moments, now);
      const t2 = performance.now();
      markRendered(t2 - t0, { roundTripMs: t1 - t0, workerMs: res.ms, renderMs: t2 - t1 });
    }

    destroy() {
      this.alive = false;
      clearTimeout(this.timer);
      this.clear();
      fields.delete(this);
      fieldByEl.delete(this.el);
    }
  }

  // ----------------------------------------------------- textarea field --

  const MIRROR_PROPS = [
    'direction', 'unicodeBidi', 'writingMode', 'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight',
    'fontStretch', 'fontKerning', 'fontFeatureSettings', 'fontVariationSettings', 'fontSizeAdjust', 'lineHeight',
    'letterSpacing', 'wordSpacing', 'textAlign', 'textIndent', 'textTransform', 'textRendering', 'tabSize',
    'whiteSpace', 'wordBreak', 'overflowWrap', 'hyphens', 'lineBreak',
  ];

  class TextareaField extends Field {
    constructor(el) {
      super(el, 'textarea');
      ensureHost();
      this.layer = document.createElement('div');
      this.layer.className = 'field';
      this.layer.dataset.field = this.id;
      this.content = document.createElement('div');
      this.content.className = 'content';
      this.mirror = document.createElement('div');
      this.mirror.className = 'mirror';
      this.mirrorText = document.createTextNode('');
      this.mirror.append(this.mirrorText);
      this.layer.append(this.content);
      root.append(this.layer, this.mirror);
      this.boxes = [];
      this.hot = null;
      this.shownText = '';
      this.lastPos = '';
      this.ro = new ResizeObserver(() => requestLayout(this));
      this.ro.observe(el);
      this.onScroll = () => this.position();
      el.addEventListener('scroll', this.onScroll, { passive: true });
    }

    read() {
      return { text: this.el.value };
    }

    show(moments, snap) {
      this.moments = moments;
      this.shownText = snap.text;
      this.layout();
    }

    // While the engine catches up, shift the shown highlights by the edit
    // (moments the edit touches are dropped until the next analysis), so they
    // stay on their words as the user types.
    shiftForEdit(newText) {
      const old = this.shownText;
      if (old === newText || !this.moments.length) {
        this.shownText = newText;
        return false;
      }
      let p = 0;
      const max = Math.min(old.length, newText.length);
      while (p < max && old.charCodeAt(p) === newText.charCodeAt(p)) p++;
      let s = 0;
      while (s < max - p && old.charCodeAt(old.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
      const oldEnd = old.length - s;
      const delta = newText.length - old.length;
      const kept = [];
      for (const m of this.moments) {
        if (m.end16 <= p) kept.push(m);
        else if (m.start16 >= oldEnd) kept.push({ ...m, start16: m.start16 + delta, end16: m.end16 + delta });
      }
      this.moments = kept;
      this.shownText = newText;
      return true;
    }

    layout() {
      const el = this.el;
      this.boxes = [];
      this.content.replaceChildren();
      if (!this.moments.length || !el.isConnected) {
        this.position();
        return;
      }
      const cs = getComputedStyle(el);
      const ms = this.mirror.style;
      for (const p of MIRROR_PROPS) ms[p] = cs[p];
      const padL = parseFloat(cs.paddingLeft) || 0;
      const padR = parseFloat(cs.paddingRight) || 0;
      const padT = parseFloat(cs.paddingTop) || 0;
      ms.width = `${Math.max(0, el.clientWidth - padL - padR)}px`;
      const text = this.shownText;
      // A trailing newline needs a character after it to make its line.
      const mirrorText = text.endsWith('\n') ? `${text} ` : text;
      if (this.mirrorText.data !== mirrorText) this.mirrorText.data = mirrorText;
      const origin = this.mirror.getBoundingClientRect();
      const range = document.createRange();
      const frag = document.createDocumentFragment();
      for (const m of this.moments) {
        if (m.end16 > text.length || m.start16 >= m.end16) continue;
        range.setStart(this.mirrorText, m.start16);
        range.setEnd(this.mirrorText, m.end16);
        const k = KINDS[m.kind];
        const rects = [];
        for (const r of range.getClientRects()) {
          if (r.width < 0.5 || r.height < 0.5) continue;
          const box = document.createElement('div');
          box.className = m.counted ? (m.lead ? 'hl lead' : 'hl') : 'hl weak';
          box.dataset.kind = m.kind;
          box.dataset.start = String(m.start16);
          box.dataset.end = String(m.end16);
          box.setAttribute('aria-hidden', 'true');
          box.style.cssText = `left:${r.left - origin.left + padL}px;top:${r.top - origin.top + padT}px;width:${r.width}px;height:${r.height}px;--c:${k?.color ?? '#555'};--rgb:${k?.rgb ?? '80,80,80'}`;
          box.addEventListener('pointerenter', () => this.hover(m, box));
          rects.push(box);
          frag.append(box);
        }
        if (rects.length) this.boxes.push({ moment: m, els: rects });
      }
      range.detach?.();
      this.content.append(frag);
      this.position();
    }

    // Places the layer over the textarea's padding box (clipped by scrolling
    // ancestors) and scrolls its content with the textarea.
    position() {
      const el = this.el;
      const layer = this.layer;
      if (!el.isConnected || !this.boxes.length) {
        layer.hidden = true;
        return;
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) {
        layer.hidden = true;
        return;
      }
      ensureHost();
      const h = host.getBoundingClientRect();
      const left = r.left + el.clientLeft;
      const top = r.top + el.clientTop;
      const width = el.clientWidth;
      const height = el.clientHeight;
      // Clip by every ancestor that clips its overflow, and by the viewport
      // when the textarea is in a fixed-position container.
      let cl = left;
      let ct = top;
      let cr = left + width;
      let cb = top + height;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          const ar = a.getBoundingClientRect();
          const al = ar.left + a.clientLeft;
          const at = ar.top + a.clientTop;
          if (s.overflowX !== 'visible') {
            cl = Math.max(cl, al);
            cr = Math.min(cr, al + a.clientWidth);
          }
          if (s.overflowY !== 'visible') {
            ct = Math.max(ct, at);
            cb = Math.min(cb, at + a.clientHeight);
          }
        }
        if (s.position === 'fixed') break;
      }
      const key = `${left},${top},${width},${height},${cl},${ct},${cr},${cb},${h.left},${h.top},${el.scrollLeft},${el.scrollTop}`;
      layer.hidden = cr <= cl || cb <= ct;
      if (key === this.lastPos) return;
      this.lastPos = key;
      const ls = layer.style;
      ls.left = `${left - h.left}px`;
      ls.top = `${top - h.top}px`;
      ls.width = `${width}px`;
      ls.height = `${height}px`;
      ls.clipPath = `inset(${Math.max(0, ct - top)}px ${Math.max(0, left + width - cr)}px ${Math.max(0, top + height - cb)}px ${Math.max(0, cl - left)}px)`;
      this.content.style.transform = `translate(${-el.scrollLeft}px, ${-el.scrollTop}px)`;
      if (tipState && this.hot) placeTip(this.rectsOf(this.hot));
    }

    rectsOf(moment) {
      const b = this.boxes.find((x) => x.moment === moment);
      return b ? b.els.map((e) => e.getBoundingClientRect()) : [];
    }

    setHot(moment) {
      this.hot = moment;
      for (const b of this.boxes) for (const e of b.els) e.classList.toggle('hot', b.moment === moment);
    }

    hover(m, box) {
      for (const f of fields) if (f !== this && f.setHot) f.setHot(null);
      this.setHot(m);
      showTip(m, this.rectsOf(m), 'hover');
      // From now on the boxes let the pointer through, so clicks and drags
      // reach the textarea; a document mousemove tells when it leaves.
      root.classList.add('pass');
      hoverTarget = { field: this, moment: m };
    }

    // The moment under a viewport point, by the boxes' rectangles.
    hitTest(x, y) {
      for (const b of this.boxes) {
        for (const e of b.els) {
          const r = e.getBoundingClientRect();
          if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom && !this.layer.hidden) return b.moment;
        }
      }
      return null;
    }

    momentAtCaret() {
      const el = this.el;
      if (document.activeElement !== el || el.selectionStart !== el.selectionEnd) return null;
      const pos = el.selectionStart;
      return this.moments.find((m) => m.start16 < pos && pos < m.end16) ?? this.moments.find((m) => m.start16 <= pos && pos <= m.end16) ?? null;
    }

    clear() {
      this.moments = [];
      this.boxes = [];
      this.ro.disconnect();
      this.el.removeEventListener('scroll', this.onScroll);
      this.layer.remove();
      this.mirror.remove();
    }
  }

  // ---------------------------------------- contenteditable / read-only --

  const BLOCK = new Set([
    'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
    'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
    'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'td', 'th', 'ul',
  ]);
  const SKIP = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'input', 'select', 'button', 'iframe', 'object', 'svg', 'canvas', 'video', 'audio']);

  // The element's text as the engine sees it: text nodes in order, a newline
  // for <br> and around blocks, U+00A0 as a space (same length); and the map
  // from offsets back to text nodes.
  function extract(el) {
    const parts = [];
    const segs = []; // { node, start, end }
    let len = 0;
    let last = '\n';
    const push = (s) => {
      parts.push(s);
      len += s.length;
      last = s[s.length - 1];
    };
    const walk = (node) => {
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          const d = c.data;
          if (!d) continue;
          segs.push({ node: c, start: len, end: len + d.length });
          push(d.indexOf('\u00a0') >= 0 ? d.replace(/\u00a0/g, ' ') : d);
        } else if (c.nodeType === 1) {
          const tag = c.localName;
          if (SKIP.has(tag) || c.hidden || c.localName === HOST_TAG) continue;
          if (tag === 'br') {
            push('\n');
            continue;
          }
          const block = BLOCK.has(tag);
          if (block && len && last !== '\n') push('\n');
          walk(c);
          if (block && len && last !== '\n') push('\n');
        }
      }
    };
    walk(el);
    return { text: parts.join(''), segs };
  }

  function findSeg(segs, off, isEnd) {
    let lo = 0;
    let hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid];
      if (isEnd ? off <= s.start : off < s.start) hi = mid - 1;
      else if (isEnd ? off > s.end : off >= s.end) lo = mid + 1;
      else return s;
    }
    // In a synthetic newline: the next text node's start, or the previous end.
    if (!isEnd) return lo < segs.length ? { ...segs[lo], snap: 'start' } : null;
    return hi >= 0 ? { ...segs[hi], snap: 'end' } : null;
  }

  function toRange(segs, start, end) {
    const a = findSeg(segs, start, false);
    const b = findSeg(segs, end, true);
    if (!a || !b) return null;
    const r = new Range();
    r.setStart(a.node, a.snap === 'start' ? 0 : start - a.start);
    r.setEnd(b.node, b.snap === 'end' ? b.node.data.length : end - b.start);
    return r.collapsed ? null : r;
  }

  const highlights = new Map(); // name -> Highlight

  // One named highlight per kind and style: counted, lead (the flag to read
  // first, drawn bolder) or weak (its kind not counted for the note).
  function highlightNameOf(m) {
    return `exemplar-${m.kind}${!m.counted ? '-weak' : m.lead ? '-lead' : ''}`;
  }

  function highlightFor(name) {
    let h = highlights.get(name);
    if (!h) {
      h = new Highlight();
      highlights.set(name, h);
    }
    if (CSS.highlights.get(name) !== h) CSS.highlights.set(name, h);
    return h;
  }

  class RichField extends Field {
    constructor(el, type) {
      super(el, type);
      this.recs = []; // { range, moment, highlight }
    }

    read() {
      return extract(this.el);
    }

    show(moments, snap) {
      this.clear();
      this.moments = moments;
      for (const m of moments) {
        const range = toRange(snap.segs, m.start16, m.end16);
        if (!range) continue;
        const hl = highlightFor(highlightNameOf(m));
        hl.add(range);
        this.recs.push({ range, moment: m, highlight: hl });
      }
    }

    rectsOf(moment) {
      const rec = this.recs.find((r) => r.moment === moment);
      return rec ? [...rec.range.getClientRects()] : [];
    }

    // The moment whose range holds (node, offset) and whose text is under the
    // point (caretPositionFromPoint gives the nearest caret position even in
    // blank space).
    hitTest(x, y, pos) {
      if (!pos || !this.recs.length || !this.el.contains(pos.node)) return null;
      for (const rec of this.recs) {
        let inside = false;
        try {
          inside = rec.range.isPointInRange(pos.node, pos.offset);
        } catch {
          inside = false;
        }
        if (!inside) continue;
        for (const r of rec.range.getClientRects()) {
          if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return rec.moment;
        }
      }
      return null;
    }

    momentAtCaret() {
      const sel = getSelection();
      if (!sel || sel.rangeCount === 0 || !sel.isCollapsed || !this.el.contains(sel.anchorNode)) return null;
      for (const rec of this.recs) {
        try {
          if (rec.range.isPointInRange(sel.anchorNode, sel.anchorOffset) && !rec.range.collapsed) return rec.moment;
        } catch {
          /* a range whose nodes left the document */
        }
      }
      return null;
    }

    clear() {
      for (const rec of this.recs) rec.highlight.delete(rec.range);
      this.recs = [];
      this.moments = [];
    }
  }

  // ------------------------------------------------------------ discovery --

  function classify(el) {
    if (el.localName === HOST_TAG) return null;
    if (el instanceof HTMLTextAreaElement) return 'textarea';
    if (el.isContentEditable) {
      const parent = el.parentElement;
      if (parent && parent.isContentEditable) return null; // only the editing host
      return 'rich';
    }
    if (el.matches(VIEW_SELECTOR)) {
      if (el.closest('[contenteditable]')?.isContentEditable) return null;
      if (el.parentElement?.closest(VIEW_SELECTOR)) return null; // the outermost view only
      if (el.querySelector('textarea, [contenteditable="true"], [contenteditable=""], [contenteditable="plaintext-only"]')) return null; // a container, not a note
      return 'view';
    }
    return null;
  }

  function track(el) {
    if (fieldByEl.has(el)) return;
    const type = classify(el);
    if (!type) return;
    const f = type === 'textarea' ? new TextareaField(el) : new RichField(el, type);
    fields.add(f);
    fieldByEl.set(el, f);
    f.schedule(0);
  }

  function scan() {
    scanTimer = 0;
    const seen = new Set();
    const add = (el) => {
      seen.add(el);
      track(el);
    };
    for (const el of document.querySelectorAll(FIELD_SELECTOR)) {
      if (classify(el)) add(el);
    }
    if (document.designMode === 'on' && document.body) add(document.body);
    for (const f of [...fields]) {
      if (!seen.has(f.el) || !f.el.isConnected || classify(f.el) !== f.type) {
        if (!(f.el === document.body && document.designMode === 'on')) f.destroy();
      }
    }
  }

  let scanTimer = 0;
  function requestScan() {
    if (!scanTimer) scanTimer = setTimeout(scan, 50);
  }

  function fieldFor(node) {
    for (let n = node; n; n = n.parentNode) {
      const f = fieldByEl.get(n);
      if (f) return f;
    }
    return null;
  }

  // ------------------------------------------------------ layout follow --

  const layoutQueue = new Set();
  let frameRequested = false;
  let repositionAll = false;

  function flushFrame() {
    frameRequested = false;
    let shifted = false;
    for (const f of layoutQueue) {
      if (!f.alive) continue;
      f.layout();
      if (f.shiftPending) {
        f.shiftPending = false;
        shifted = true;
      }
    }
    if (shifted && host) host.dataset.shiftedAt = String(performance.now());
    const laid = new Set(layoutQueue);
    layoutQueue.clear();
    if (repositionAll) {
      repositionAll = false;
      for (const f of fields) if (f.position && !laid.has(f)) f.position();
    }
    if (tipState && tipState.source !== 'hover') refreshCaretTip(tipState.source);
  }

  function requestFrame() {
    if (!frameRequested) {
      frameRequested = true;
      requestAnimationFrame(flushFrame);
    }
  }

  function requestLayout(f) {
    layoutQueue.add(f);
    requestFrame();
  }

  function requestReposition() {
    repositionAll = true;
    requestFrame();
  }

  // ------------------------------------------------------------- events --

  function onInput(e) {
    const f = fieldFor(e.target);
    if (!f) return;
    f.activeAt = Date.now();
    hideTip('caret', 'pointer');
    if (f.type === 'textarea' && f.shiftForEdit(f.el.value)) {
      f.shiftPending = true;
      requestLayout(f);
    }
    f.schedule();
  }

  function onFocusIn(e) {
    const f = fieldFor(e.target);
    if (!f) return;
    f.activeAt = Date.now();
    f.force = true; // tell the worker (and the panel) this is the note now
    f.schedule(0);
  }

  function onPointerDown(e) {
    const f = fieldFor(e.target);
    if (f && f.type === 'view') {
      f.activeAt = Date.now();
      f.force = true;
      f.schedule(0);
    }
  }

  let hoverTarget = null;
  let moveFrame = 0;
  let lastMove = null;

  function caretAt(x, y) {
    if (document.caretPositionFromPoint) {
      const p = document.caretPositionFromPoint(x, y);
      return p && p.offsetNode ? { node: p.offsetNode, offset: p.offset } : null;
    }
    if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      return r ? { node: r.startContainer, offset: r.startOffset } : null;
    }
    return null;
  }

  function onMouseMove(e) {
    lastMove = { x: e.clientX, y: e.clientY };
    if (!moveFrame) moveFrame = requestAnimationFrame(processMove);
  }

  function processMove() {
    moveFrame = 0;
    if (!lastMove) return;
    const { x, y } = lastMove;
    // Overlay boxes (textareas): hit-test their rectangles once the pointer
    // is over one (they let it through then).
    if (hoverTarget) {
      const m = hoverTarget.field.alive ? hoverTarget.field.hitTest(x, y) : null;
      if (m) {
        if (m !== hoverTarget.moment) {
          hoverTarget.moment = m;
          hoverTarget.field.setHot(m);
          showTip(m, hoverTarget.field.rectsOf(m), 'hover');
        }
        return;
      }
      hoverTarget.field.setHot(null);
      hoverTarget = null;
      hideTip('hover', 'pointer');
      root?.classList.remove('pass');
      // Fall through: maybe onto another field's highlight.
    }
    for (const f of fields) {
      if (f.type !== 'textarea' || !f.boxes.length) continue;
      const m = f.hitTest(x, y);
      if (m) {
        f.hover(m);
        return;
      }
    }
    // Highlight API ranges (contenteditable and read-only text).
    let pos;
    for (const f of fields) {
      if (f.type === 'textarea' || !f.recs.length) continue;
      pos ??= caretAt(x, y);
      const m = f.hitTest(x, y, pos);
      if (m) {
        if (!tipState || tipState.moment !== m) showTip(m, f.rectsOf(m), 'hover');
        return;
      }
    }
    hideTip('hover', 'pointer');
  }

  // The caret inside a highlight shows its tooltip (source 'caret' after a
  // key, 'pointer' after a click).
  function refreshCaretTip(source = 'caret') {
    if (tipState && tipState.source === 'hover') return;
    const f = fieldFor(document.activeElement) ?? fieldFor(getSelection()?.anchorNode);
    const m = f ? f.momentAtCaret() : null;
    if (m) {
      if (f.setHot) f.setHot(m);
      showTip(m, f.rectsOf(m), source);
    } else hideTip('caret', 'pointer');
  }

  const NAV_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

  function onKeyUp(e) {
    if (NAV_KEYS.has(e.key)) refreshCaretTip();
  }

  // A click may move or collapse the selection after mouseup, hence the
  // timeout. If the pointer moved meanwhile, the hover logic has already
  // decided what shows: a late caret tip would outlive the pointer's leaving.
  function onMouseUp() {
    const at = lastMove; // each mousemove stores a new object
    setTimeout(() => {
      if (lastMove === at) refreshCaretTip('pointer');
    }, 0);
  }

  function onMutations(records) {
    let rescan = false;
    for (const rec of records) {
      if (rec.type === 'childList') {
        if (rec.target === document.documentElement) {
          const ours = [...rec.addedNodes, ...rec.removedNodes].every((n) => n === host);
          if (ours) continue;
        }
        for (const n of rec.addedNodes) if (n.nodeType === 1) rescan = true;
        for (const n of rec.removedNodes) if (n.nodeType === 1) rescan = true;
      } else if (rec.type === 'attributes') {
        // A class change matters only to a .note-view (or a tracked field).
        if (rec.attributeName !== 'class' || fieldByEl.has(rec.target) || rec.target.classList?.contains('note-view')) rescan = true;
      }
      const f = fieldFor(rec.target);
      if (f && f.type !== 'textarea') {
        // A note opened in a viewer counts as the user's current note.
        if (f.type === 'view' && !f.el.contains(document.activeElement)) f.activeAt = Date.now();
        f.schedule();
      }
    }
    if (rescan) requestScan();
    requestReposition();
  }

  // Textarea values set from script fire no event: poll them, cheaply.
  function poll() {
    if (document.visibilityState !== 'visible') return;
    for (const f of fields) {
      if (f.type === 'textarea' && !f.timer && !f.inFlight && f.el.value !== f.analysedText) {
        if (f.shiftForEdit(f.el.value)) requestLayout(f);
        f.schedule(0);
      }
    }
    requestReposition();
  }

  // ----------------------------------------------------------- messages --

  function rerunAll() {
    for (const f of fields) {
      f.force = true;
      f.analysedText = null;
      f.schedule(0);
    }
  }

  function onMessage(msg) {
    if (msg && msg.type === MSG.report) {
      for (const f of fields) {
        f.force = true;
        f.schedule(0);
      }
    }
    return false;
  }

  function onStorage(changes, area) {
    if (area === 'local' && (STORE_KINDS in changes || STORE_RULEPACK in changes)) rerunAll();
  }

  // ------------------------------------------------------------ startup --

  const observer = new MutationObserver(onMutations);
  let pollTimer = 0;

  function start() {
    observer.observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['contenteditable', 'data-note', 'role', 'class', 'hidden'],
    });
    document.addEventListener('input', onInput, true);
    document.addEventListener('focusin', onFocusIn, true);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('mousemove', onMouseMove, { capture: true, passive: true });
    document.addEventListener('keyup', onKeyUp, true);
    document.addEventListener('mouseup', onMouseUp, true);
    document.addEventListener('scroll', requestReposition, { capture: true, passive: true });
    addEventListener('resize', () => {
      for (const f of fields) if (f.type === 'textarea') requestLayout(f);
    });
    document.fonts?.ready.then(() => {
      for (const f of fields) if (f.type === 'textarea') requestLayout(f);
    });
    chrome.runtime.onMessage.addListener(onMessage);
    chrome.storage.onChanged.addListener(onStorage);
    pollTimer = setInterval(poll, POLL_MS);
    scan();
  }

  function shutdown() {
    observer.disconnect();
    clearInterval(pollTimer);
    for (const f of [...fields]) f.destroy();
    for (const [name, h] of highlights) if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
    document.removeEventListener('input', onInput, true);
    document.removeEventListener('focusin', onFocusIn, true);
    document.removeEventListener('pointerdown', onPointerDown, true);
    document.removeEventListener('mousemove', onMouseMove, { capture: true });
    document.removeEventListener('keyup', onKeyUp, true);
    document.removeEventListener('mouseup', onMouseUp, true);
    document.removeEventListener('scroll', requestReposition, { capture: true });
    host?.remove();
  }

  if (document.documentElement) start();
})();
