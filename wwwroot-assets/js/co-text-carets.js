// The other typists' carets over a co-typed textarea (decision 022): each as its person reported it (at a revision),
// moved here over each operation applied after it, and drawn on a mirror of the textarea laid over it (same box,
// font and wrapping, transparent text), each with its "Name · Organisation" label. The server moves nothing per
// keystroke: this editor places a report made at an earlier revision over the operations it has applied since.

// How many applied operations are kept for placing a report made before them.
const History = 256;

const MirroredStyles = ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'textIndent', 'tabSize',
  'textTransform', 'wordSpacing', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth'];

export class CaretsOverlay {
  // view() says what to draw on: { revision, text, pending: [unacknowledged operations, oldest first] }.
  constructor(textarea, view) {
    this.textarea = textarea;
    this.view = view;
    this.remote = [];
    this.history = [];
    this.frame = 0;
    this.closed = false;
    this.overlay = textarea.parentElement?.querySelector('.co-text-carets') ?? null;
    this.onScroll = () => {
      if (this.overlay && !this.overlay.hidden) this.overlay.scrollTop = this.textarea.scrollTop;
    };
    textarea.addEventListener('scroll', this.onScroll);
    if (this.overlay && typeof ResizeObserver === 'function') {
      this.resizing = new ResizeObserver(() => this.draw());
      this.resizing.observe(textarea);
    }
  }

  // The others' carets ({ clientId, label, colour, revision, start, end }), each as its person last reported it. One
  // already here from the same report keeps the place it was moved to; a new one is moved over the operations applied
  // since its revision (one older than the kept operations waits for its person's next report); one at a later
  // revision than the editor's waits until the editor gets there.
  set(carets) {
    const revision = this.view().revision;
    const had = new Map(this.remote.map((c) => [c.clientId, c]));
    const next = [];
    for (const c of carets || []) {
      const known = had.get(c.clientId);
      if (known && known.revision === c.revision && known.reported === `${c.start}:${c.end}`) {
        next.push({ ...known, label: c.label, colour: c.colour });
        continue;
      }
      const caret = { ...c, rev: c.revision, reported: `${c.start}:${c.end}` };
      if (caret.rev >= revision || this.catchUp(caret, revision)) next.push(caret);
    }
    this.remote = next;
    this.draw();
  }

  clear() {
    this.remote = [];
    this.history = [];
    this.draw();
  }

  // An operation applied at revision: carets at the revision before move over it, its author's along with it.
  move(revision, clientId, op) {
    this.history.push({ revision, clientId, op });
    if (this.history.length > History) this.history.shift();
    for (const c of this.remote) {
      if (c.rev === revision - 1) moveOver(c, clientId, op, revision);
    }
  }

  // A caret reported at an earlier revision, moved over the kept operations since; false when some are no longer kept.
  catchUp(caret, revision) {
    const first = this.history.findIndex((h) => h.revision === caret.rev + 1);
    if (first < 0 || this.history.length - first !== revision - caret.rev) return false;
    for (const h of this.history.slice(first)) moveOver(caret, h.clientId, h.op, h.revision);
    return true;
  }

  // Drawn at the next frame, once however many changes came before it.
  draw() {
    if (!this.overlay || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.closed) this.render();
    });
  }

  // Where each caret is in the text on screen: through the editor's own unacknowledged typing, as the server will order it.
  shown({ revision, text, pending }) {
    return this.remote
      .filter((c) => c.rev === revision)
      .map((c) => {
        let start = c.start;
        let end = c.end;
        for (const op of pending) {
          if (!op) continue;
          start = op.transformIndex(Math.min(start, op.baseLength));
          end = op.transformIndex(Math.min(end, op.baseLength));
        }
        return { ...c, start: Math.min(start, text.length), end: Math.min(Math.max(start, end), text.length) };
      });
  }

  // A mirror of the textarea (same box, font and wrapping, transparent text) with each caret and selection marked.
  render() {
    const overlay = this.overlay;
    const view = this.view();
    const shown = this.shown(view);
    if (shown.length === 0) {
      overlay.hidden = true;
      overlay.replaceChildren();
      return;
    }

    const text = view.text;
    const area = this.textarea;
    const style = getComputedStyle(area);
    for (const name of MirroredStyles) overlay.style[name] = style[name];
    const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    const scrollbar = Math.max(0, area.offsetWidth - area.clientWidth - borders);
    overlay.style.top = `${area.offsetTop}px`;
    overlay.style.left = `${area.offsetLeft}px`;
    overlay.style.width = `${area.offsetWidth - scrollbar}px`;
    overlay.style.height = `${area.offsetHeight}px`;

    const points = [...new Set([0, text.length, ...shown.flatMap((c) => [c.start, c.end])])].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < points.length; i++) {
      const at = points[i];
      for (const c of shown.filter((x) => x.end === at)) parts.push(caretMark(c));
      if (i + 1 >= points.length) break;
      const piece = text.slice(at, points[i + 1]);
      const selected = shown.find((c) => c.start <= at && c.end >= points[i + 1] && c.start < c.end);
      if (selected) {
        const span = document.createElement('span');
        span.className = 'co-selection';
        span.style.setProperty('--caret', selected.colour);
        span.textContent = piece;
        parts.push(span);
      } else {
        parts.push(document.createTextNode(piece));
      }
    }
    // A last empty line has a height only with something on it.
    parts.push(document.createTextNode('\u200b'));
    overlay.replaceChildren(...parts);
    overlay.hidden = false;
    overlay.scrollTop = area.scrollTop;
    for (const caret of overlay.querySelectorAll('.co-caret')) {
      // A label above the first line would be cut off: it goes below the caret there.
      caret.classList.toggle('co-caret-below', caret.offsetTop - overlay.scrollTop < caret.firstChild.offsetHeight);
      // Near the right edge it would be cut off too: it ends at the caret there.
      caret.classList.toggle('co-caret-end', caret.offsetLeft + caret.firstChild.offsetWidth > overlay.clientWidth);
    }
  }

  close() {
    this.closed = true;
    this.textarea.removeEventListener('scroll', this.onScroll);
    this.resizing?.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.overlay) {
      this.overlay.hidden = true;
      this.overlay.replaceChildren();
    }
  }
}

// A 2 px bar in the person's colour with their label, at the end of their selection.
function caretMark(c) {
  const caret = document.createElement('span');
  caret.className = 'co-caret';
  caret.style.setProperty('--caret', c.colour);
  caret.dataset.clientId = c.clientId;
  caret.dataset.start = String(c.start);
  caret.dataset.end = String(c.end);
  const label = document.createElement('span');
  label.className = 'co-caret-label';
  label.textContent = c.label;
  caret.append(label);
  return caret;
}

// An insert at a caret pushes it only when it is the caret's own person's typing.
function moveOver(caret, clientId, op, revision) {
  const own = caret.clientId === clientId;
  caret.start = op.transformIndex(Math.min(caret.start, op.baseLength), own);
  caret.end = Math.max(caret.start, op.transformIndex(Math.min(caret.end, op.baseLength), own));
  caret.rev = revision;
}
