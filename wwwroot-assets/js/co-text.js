// Co-typing a long text in a textarea (decision 022): operations as TextOperation.cs defines them (retain n,
// insert s, delete n; UTF-16 code units; compact JSON [5, "abc", -2]) and ot.js's client state machine. The
// server orders every operation; the component delivers them here in revision order, its own ones as acks.
// Unacknowledged operations are kept in sessionStorage, so a reload or a lost circuit sends them again.

// ---------- Operations ----------

const isRetain = (p) => typeof p === 'number' && p > 0;
const isInsert = (p) => typeof p === 'string';
const isDelete = (p) => typeof p === 'number' && p < 0;
const partLength = (p) => (isInsert(p) ? p.length : Math.abs(p));

export class TextOperation {
  constructor() {
    this.ops = [];
    this.baseLength = 0;
    this.targetLength = 0;
  }

  retain(n) {
    if (n === 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    const last = this.ops.length - 1;
    if (last >= 0 && isRetain(this.ops[last])) this.ops[last] += n;
    else this.ops.push(n);
    return this;
  }

  insert(s) {
    if (s.length === 0) return this;
    this.targetLength += s.length;
    const ops = this.ops;
    const last = ops.length - 1;
    if (last >= 0 && isInsert(ops[last])) {
      ops[last] += s;
    } else if (last >= 0 && isDelete(ops[last])) {
      // An insert next to a delete goes first, so equal changes have one form.
      if (last >= 1 && isInsert(ops[last - 1])) ops[last - 1] += s;
      else ops.splice(last, 0, s);
    } else {
      ops.push(s);
    }
    return this;
  }

  delete(n) {
    if (n === 0) return this;
    this.baseLength += n;
    const last = this.ops.length - 1;
    if (last >= 0 && isDelete(this.ops[last])) this.ops[last] -= n;
    else this.ops.push(-n);
    return this;
  }

  isNoop() {
    return this.ops.every(isRetain);
  }

  apply(text) {
    if (text.length !== this.baseLength) throw new Error(`The change is for ${this.baseLength} characters, the text has ${text.length}.`);
    const out = [];
    let index = 0;
    for (const p of this.ops) {
      if (isRetain(p)) {
        out.push(text.slice(index, index + p));
        index += p;
      } else if (isInsert(p)) {
        out.push(p);
      } else {
        index -= p;
      }
    }
    return out.join('');
  }

  // Where a caret at index belongs afterwards: an insert exactly at the caret stays after it, unless the caret is
  // its author's own (pushedByInsert), which their typing moves along.
  transformIndex(index, pushedByInsert = false) {
    let position = 0;
    let moved = index;
    for (const p of this.ops) {
      if (position > index || (position === index && !pushedByInsert)) break;
      if (isRetain(p)) {
        position += p;
      } else if (isInsert(p)) {
        moved += p.length;
      } else {
        moved -= Math.min(-p, index - position);
        position -= p;
      }
    }
    return moved;
  }

  toJSON() {
    return this.ops;
  }

  static fromJSON(parts) {
    const op = new TextOperation();
    for (const p of parts) {
      if (isInsert(p)) op.insert(p);
      else if (isRetain(p)) op.retain(p);
      else if (isDelete(p)) op.delete(-p);
      else throw new Error('Each part must be a non-zero whole number or a non-empty text.');
    }
    return op;
  }

  // The effect of a then b.
  static compose(a, b) {
    if (a.targetLength !== b.baseLength) throw new Error('The second operation must start from the text the first one produces.');
    const result = new TextOperation();
    const x = new Cursor(a.ops);
    const y = new Cursor(b.ops);
    while (!x.done() || !y.done()) {
      if (x.kind() === 'delete') {
        result.delete(x.remaining());
        x.next();
        continue;
      }
      if (y.kind() === 'insert') {
        result.insert(y.takeText(y.remaining()));
        continue;
      }
      if (x.done() || y.done()) throw new Error('The operations do not line up.');
      const n = Math.min(x.remaining(), y.remaining());
      const kx = x.kind();
      const ky = y.kind();
      if (kx === 'retain' && ky === 'retain') result.retain(n);
      else if (kx === 'retain' && ky === 'delete') result.delete(n);
      else if (kx === 'insert' && ky === 'retain') result.insert(x.peekText(n));
      // Inserted by a and deleted by b: nothing is left of it.
      x.advance(n);
      y.advance(n);
    }
    return result;
  }

  // [a', b'] with apply(apply(s, a), b') === apply(apply(s, b), a'); where both insert at one place a's goes first.
  static transform(a, b) {
    if (a.baseLength !== b.baseLength) throw new Error('Both operations must start from the same text.');
    const aPrime = new TextOperation();
    const bPrime = new TextOperation();
    const x = new Cursor(a.ops);
    const y = new Cursor(b.ops);
    while (!x.done() || !y.done()) {
      if (x.kind() === 'insert') {
        const s = x.takeText(x.remaining());
        aPrime.insert(s);
        bPrime.retain(s.length);
        continue;
      }
      if (y.kind() === 'insert') {
        const s = y.takeText(y.remaining());
        aPrime.retain(s.length);
        bPrime.insert(s);
        continue;
      }
      if (x.done() || y.done()) throw new Error('The operations do not line up.');
      const n = Math.min(x.remaining(), y.remaining());
      const kx = x.kind();
      const ky = y.kind();
      if (kx === 'retain' && ky === 'retain') {
        aPrime.retain(n);
        bPrime.retain(n);
      } else if (kx === 'delete' && ky === 'retain') {
        aPrime.delete(n);
      } else if (kx === 'retain' && ky === 'delete') {
        bPrime.delete(n);
      }
      // Both deleted the same characters: neither deletes them again.
      x.advance(n);
      y.advance(n);
    }
    return [aPrime, bPrime];
  }
}

// Where an index of the text after op was in the text before it; an index inside an insert goes to where it was made.
export function indexBefore(op, index) {
  let before = 0;
  let after = 0;
  for (const p of op.ops) {
    if (isRetain(p)) {
      if (index <= after + p) return before + (index - after);
      before += p;
      after += p;
    } else if (isInsert(p)) {
      if (index <= after + p.length) return before;
      after += p.length;
    } else {
      before -= p;
    }
  }
  return before;
}

class Cursor {
  constructor(ops) {
    this.ops = ops;
    this.index = 0;
    this.offset = 0;
  }

  done() {
    return this.index >= this.ops.length;
  }

  kind() {
    if (this.done()) return null;
    const p = this.ops[this.index];
    return isInsert(p) ? 'insert' : isRetain(p) ? 'retain' : 'delete';
  }

  remaining() {
    return this.done() ? 0 : partLength(this.ops[this.index]) - this.offset;
  }

  peekText(n) {
    return this.ops[this.index].slice(this.offset, this.offset + n);
  }

  takeText(n) {
    const s = this.peekText(n);
    this.advance(n);
    return s;
  }

  advance(n) {
    this.offset += n;
    if (this.offset >= partLength(this.ops[this.index])) this.next();
  }

  next() {
    this.index++;
    this.offset = 0;
  }
}

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

// The operation turning before into after, where the change ends at caret in after (the selection tells typing
// "a" into "aa" at the start from typing it at the end). Never cuts a surrogate pair.
export function diff(before, after, caret) {
  const caretAt = Math.max(0, Math.min(typeof caret === 'number' ? caret : after.length, after.length));
  let suffix = 0;
  const maxSuffix = Math.min(before.length, after.length - caretAt);
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  let prefix = 0;
  const maxPrefix = Math.min(before.length - suffix, after.length - suffix);
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix)) && before.length - suffix > prefix) suffix--;
  return new TextOperation()
    .retain(prefix)
    .delete(before.length - prefix - suffix)
    .insert(after.slice(prefix, after.length - suffix))
    .retain(suffix);
}

// ---------- The editor ----------

const editors = new Map();
const storageKey = (textId) => `co-text:${textId}`;
const RetryDelays = [1000, 2000, 4000, 8000];
const PreviewDelay = 250;
const SavingDelay = 400;
const PreviewLimit = 60000;
// Carets are reported at most this often, and only when they moved.
const CaretEvery = 120;

const Messages = {
  saved: 'All changes saved',
  saving: 'Saving…',
  offline: 'Offline — your typing is kept and will be sent when the connection returns',
};

function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function readStored(textId) {
  try {
    const raw = sessionStorage.getItem(storageKey(textId));
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

class CoTextEditor {
  constructor(key, textarea, status, dotnet, textId, text, revision) {
    this.key = key;
    this.textarea = textarea;
    this.status = status;
    this.dotnet = dotnet;
    this.textId = textId;
    this.epoch = 0;
    this.composing = false;
    this.queued = [];
    this.offline = false;
    this.retries = 0;
    this.timers = {};
    this.closed = false;

    const stored = readStored(textId);
    this.clientId = stored?.clientId || newClientId();
    this.seq = stored?.seq || 0;
    this.outstanding = null;
    this.buffer = null;
    this.revision = revision;
    this.doc = text;
    // Operations not yet acknowledged before a reload: pick up where that page was and send them again.
    if (stored?.outstanding && typeof stored.revision === 'number' && stored.revision <= revision && typeof stored.doc === 'string') {
      try {
        this.outstanding = { seq: stored.outstanding.seq, base: stored.outstanding.base, op: TextOperation.fromJSON(stored.outstanding.op) };
        this.buffer = stored.buffer ? TextOperation.fromJSON(stored.buffer) : null;
        this.revision = stored.revision;
        this.doc = stored.doc;
      } catch {
        this.outstanding = null;
        this.buffer = null;
      }
    }

    textarea.value = this.doc;
    this.persist();
    this.onInput = () => this.takeInput();
    this.onCompositionStart = () => {
      this.composing = true;
    };
    this.onCompositionEnd = () => {
      this.composing = false;
      this.takeInput();
      const queued = this.queued;
      this.queued = [];
      this.receive(queued);
    };
    this.onOnline = () => this.resend();
    this.setUpCarets();
    textarea.addEventListener('input', this.onInput);
    textarea.addEventListener('compositionstart', this.onCompositionStart);
    textarea.addEventListener('compositionend', this.onCompositionEnd);
    window.addEventListener('online', this.onOnline);
    this.showStatus();
  }

  // ----- local typing -----

  takeInput() {
    if (this.composing || this.closed) return;
    const value = this.textarea.value;
    if (value === this.doc) return;
    const op = diff(this.doc, value, this.textarea.selectionEnd);
    this.doc = value;
    this.applyClient(op);
    this.textChanged();
    this.noteCaret();
    this.drawCarets();
  }

  applyClient(op) {
    if (op.isNoop()) return;
    if (!this.outstanding) {
      this.send(op);
    } else {
      this.buffer = this.buffer ? TextOperation.compose(this.buffer, op) : op;
      this.persist();
      this.showStatus();
    }
  }

  send(op) {
    this.seq += 1;
    this.outstanding = { seq: this.seq, base: this.revision, op };
    this.persist();
    this.showStatus();
    this.submit();
  }

  async submit() {
    const pending = this.outstanding;
    if (!pending || this.closed) return;
    const epoch = this.epoch;
    let answer;
    try {
      answer = await this.dotnet.invokeMethodAsync('Submit', pending.base, JSON.stringify(pending.op), this.clientId, pending.seq);
    } catch {
      answer = { ok: false, retry: true };
    }
    // Others' operations may have transformed the outstanding one meanwhile (a new object, same seq): still ours.
    if (epoch !== this.epoch || this.closed || this.outstanding?.seq !== pending.seq) return;
    if (answer?.ok) {
      this.retries = 0;
      this.setOffline(false);
      return;
    }
    if (answer?.retry) {
      // The circuit or the network is down: keep everything and send the same operation again later.
      this.setOffline(true);
      clearTimeout(this.timers.retry);
      const delay = RetryDelays[Math.min(this.retries, RetryDelays.length - 1)];
      this.retries += 1;
      this.timers.retry = setTimeout(() => this.submit(), delay);
    }
    // Refused: the component shows why and resets the editor to the stored text.
  }

  resend() {
    if (this.outstanding) {
      clearTimeout(this.timers.retry);
      this.submit();
    }
  }

  // ----- from the server, in revision order -----

  receive(items) {
    if (this.closed) return;
    if (this.composing) {
      // Changing the value mid-composition would break the IME: apply at compositionend.
      this.queued.push(...items);
      return;
    }
    // Typing not yet read is taken first, so a remote change never overwrites it.
    if (this.textarea.value !== this.doc) this.takeInput();
    let changed = false;
    for (const item of items) {
      if (item.revision <= this.revision) continue;
      if (item.revision !== this.revision + 1) {
        console.warn(`co-text: expected revision ${this.revision + 1}, got ${item.revision}`);
        continue;
      }
      const own = this.outstanding && item.clientId === this.clientId && item.clientSeq === this.outstanding.seq;
      if (this.remote.length > 0) this.moveCarets(item);
      if (own) {
        this.serverAck();
      } else {
        this.applyServer(TextOperation.fromJSON(JSON.parse(item.operation)));
        changed = true;
      }
    }
    this.persist();
    this.showStatus();
    if (changed) this.textChanged();
    this.drawCarets();
  }

  serverAck() {
    this.revision += 1;
    this.retries = 0;
    this.setOffline(false);
    if (this.buffer) {
      const op = this.buffer;
      this.buffer = null;
      this.outstanding = null;
      this.send(op);
    } else {
      this.outstanding = null;
    }
  }

  applyServer(op) {
    this.revision += 1;
    let toApply = op;
    if (this.outstanding) {
      const [outstanding, over] = TextOperation.transform(this.outstanding.op, toApply);
      // Transformed over the server's operation, it now applies to this revision: a resend must say so, or the
      // server would transform it over that operation a second time.
      this.outstanding = { ...this.outstanding, op: outstanding, base: this.revision };
      toApply = over;
      if (this.buffer) {
        const [buffer, overBuffer] = TextOperation.transform(this.buffer, toApply);
        this.buffer = buffer;
        toApply = overBuffer;
      }
    }
    this.applyToTextarea(toApply);
  }

  // Remote changes never move the local caret or the scroll position.
  applyToTextarea(op) {
    const area = this.textarea;
    const focused = document.activeElement === area;
    const start = op.transformIndex(area.selectionStart);
    const end = op.transformIndex(area.selectionEnd);
    const direction = area.selectionDirection;
    const scrollTop = area.scrollTop;
    this.doc = op.apply(this.doc);
    area.value = this.doc;
    if (focused || start !== end) area.setSelectionRange(start, end, direction);
    area.scrollTop = scrollTop;
  }

  reset(text, revision) {
    this.epoch += 1;
    clearTimeout(this.timers.retry);
    this.outstanding = null;
    this.buffer = null;
    this.queued = [];
    this.revision = revision;
    this.remote = [];
    this.drawCarets();
    this.doc = text;
    this.textarea.value = text;
    this.persist();
    this.setOffline(false);
    this.showStatus();
    this.textChanged();
  }

  // ----- keeping what is not acknowledged -----

  persist() {
    const state = { clientId: this.clientId, seq: this.seq };
    if (this.outstanding) {
      state.revision = this.revision;
      state.doc = this.doc;
      state.outstanding = { seq: this.outstanding.seq, base: this.outstanding.base, op: this.outstanding.op.toJSON() };
      state.buffer = this.buffer ? this.buffer.toJSON() : null;
    }
    try {
      sessionStorage.setItem(storageKey(this.textId), JSON.stringify(state));
    } catch {
      // Storage full or disabled: typing still goes to the server, only a reload can lose the unsent part.
    }
  }

  // ----- what the person sees -----

  setOffline(offline) {
    if (this.offline === offline) return;
    this.offline = offline;
    this.showStatus();
  }

  showStatus() {
    clearTimeout(this.timers.saving);
    if (!this.status) return;
    // The state at once (for whoever waits on it); the words only when they are worth announcing.
    this.status.dataset.state = this.offline ? 'offline' : this.outstanding ? 'saving' : 'saved';
    if (!this.outstanding) this.settled();
    if (this.offline) {
      this.writeStatus(Messages.offline);
    } else if (this.outstanding) {
      // Announced only when saving takes a moment, so each keystroke does not make a screen reader speak.
      this.timers.saving = setTimeout(() => {
        if (this.outstanding && !this.offline) this.writeStatus(Messages.saving);
      }, SavingDelay);
    } else {
      this.writeStatus(Messages.saved);
    }
  }

  // Resolves once everything typed is acknowledged, or after the time given: true when everything is.
  whenSaved(timeoutMs) {
    if (!this.outstanding) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(!this.outstanding), timeoutMs);
      (this.waiters ||= []).push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  settled() {
    const waiters = this.waiters || [];
    this.waiters = [];
    for (const done of waiters) done();
  }

  writeStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  textChanged() {
    clearTimeout(this.timers.preview);
    this.timers.preview = setTimeout(() => {
      if (this.closed) return;
      const text = this.doc.length > PreviewLimit ? this.doc.slice(0, PreviewLimit) : this.doc;
      this.dotnet.invokeMethodAsync('TextChanged', text, this.doc.length).catch(() => {});
    }, PreviewDelay);
  }

  // ----- the others' carets, and this one's for them -----

  setUpCarets() {
    this.remote = [];
    this.lastCaret = null;
    this.caretShown = false;
    this.overlay = this.textarea.parentElement?.querySelector('.co-text-carets') ?? null;
    this.onCaret = () => this.noteCaret();
    this.onSelectionChange = () => {
      if (document.activeElement === this.textarea) this.noteCaret();
    };
    this.onScroll = () => {
      if (this.overlay && !this.overlay.hidden) this.overlay.scrollTop = this.textarea.scrollTop;
    };
    for (const type of ['select', 'keyup', 'mouseup', 'focus']) this.textarea.addEventListener(type, this.onCaret);
    this.textarea.addEventListener('scroll', this.onScroll);
    document.addEventListener('selectionchange', this.onSelectionChange);
    if (this.overlay && typeof ResizeObserver === 'function') {
      this.resizing = new ResizeObserver(() => this.drawCarets());
      this.resizing.observe(this.textarea);
    }
  }

  // The caret moved (or was typed along): report it soon, once per CaretEvery at most.
  noteCaret() {
    if (this.closed || this.timers.caret) return;
    this.caretShown = true;
    this.timers.caret = setTimeout(() => {
      this.timers.caret = null;
      this.reportCaret();
    }, CaretEvery);
  }

  // Someone new came in: show them this caret even if it did not move.
  announce() {
    if (!this.caretShown) return;
    this.lastCaret = null;
    this.noteCaret();
  }

  reportCaret() {
    if (this.closed || this.composing) return;
    // In the server's text at this revision: what is typed but not acknowledged is taken out again.
    const pending = this.pending();
    const start = pending ? indexBefore(pending, this.textarea.selectionStart) : this.textarea.selectionStart;
    const end = pending ? indexBefore(pending, this.textarea.selectionEnd) : this.textarea.selectionEnd;
    const caret = `${this.revision}:${start}:${end}`;
    if (caret === this.lastCaret) return;
    this.lastCaret = caret;
    this.dotnet.invokeMethodAsync('CaretMoved', this.revision, start, end).catch(() => {
      this.lastCaret = null;
    });
  }

  pending() {
    if (!this.outstanding) return null;
    return this.buffer ? TextOperation.compose(this.outstanding.op, this.buffer) : this.outstanding.op;
  }

  // The others' carets at a revision; those at a later one than this editor's wait until it gets there.
  setCarets(revision, carets) {
    this.remote = (carets || []).map((c) => ({ ...c, rev: revision }));
    this.drawCarets();
  }

  // An operation is applied at item.revision: carets at the revision before move over it, its author's along with it.
  moveCarets(item) {
    const moving = this.remote.filter((c) => c.rev === item.revision - 1);
    if (moving.length === 0) return;
    const op = TextOperation.fromJSON(JSON.parse(item.operation));
    for (const c of moving) {
      const own = c.clientId === item.clientId;
      c.start = op.transformIndex(Math.min(c.start, op.baseLength), own);
      c.end = Math.max(c.start, op.transformIndex(Math.min(c.end, op.baseLength), own));
      c.rev = item.revision;
    }
  }

  drawCarets() {
    if (!this.overlay || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.closed) this.renderCarets();
    });
  }

  // A mirror of the textarea (same box, font and wrapping, transparent text) with each caret and selection marked.
  renderCarets() {
    const overlay = this.overlay;
    const outstanding = this.outstanding?.op;
    const shown = this.remote
      .filter((c) => c.rev === this.revision)
      .map((c) => {
        // Through this editor's own unacknowledged typing, as the server will order it.
        let start = c.start;
        let end = c.end;
        for (const op of [outstanding, this.buffer]) {
          if (!op) continue;
          start = op.transformIndex(Math.min(start, op.baseLength));
          end = op.transformIndex(Math.min(end, op.baseLength));
        }
        const length = this.doc.length;
        return { ...c, start: Math.min(start, length), end: Math.min(Math.max(start, end), length) };
      });
    if (shown.length === 0) {
      overlay.hidden = true;
      overlay.replaceChildren();
      return;
    }

    const area = this.textarea;
    const style = getComputedStyle(area);
    for (const name of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'textIndent', 'tabSize',
      'textTransform', 'wordSpacing', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
      'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth']) {
      overlay.style[name] = style[name];
    }
    const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    const scrollbar = Math.max(0, area.offsetWidth - area.clientWidth - borders);
    overlay.style.top = `${area.offsetTop}px`;
    overlay.style.left = `${area.offsetLeft}px`;
    overlay.style.width = `${area.offsetWidth - scrollbar}px`;
    overlay.style.height = `${area.offsetHeight}px`;

    const points = [...new Set([0, this.doc.length, ...shown.flatMap((c) => [c.start, c.end])])].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < points.length; i++) {
      const at = points[i];
      for (const c of shown.filter((x) => x.end === at)) {
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
        parts.push(caret);
      }
      if (i + 1 >= points.length) break;
      const text = this.doc.slice(at, points[i + 1]);
      const selected = shown.find((c) => c.start <= at && c.end >= points[i + 1] && c.start < c.end);
      if (selected) {
        const span = document.createElement('span');
        span.className = 'co-selection';
        span.style.setProperty('--caret', selected.colour);
        span.textContent = text;
        parts.push(span);
      } else {
        parts.push(document.createTextNode(text));
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
    for (const type of ['select', 'keyup', 'mouseup', 'focus']) this.textarea.removeEventListener(type, this.onCaret);
    this.textarea.removeEventListener('scroll', this.onScroll);
    document.removeEventListener('selectionchange', this.onSelectionChange);
    this.resizing?.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.overlay) {
      this.overlay.hidden = true;
      this.overlay.replaceChildren();
    }
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    this.textarea.removeEventListener('input', this.onInput);
    this.textarea.removeEventListener('compositionstart', this.onCompositionStart);
    this.textarea.removeEventListener('compositionend', this.onCompositionEnd);
    window.removeEventListener('online', this.onOnline);
    return !!this.outstanding;
  }
}

// ---------- What the component calls ----------

// Starts co-typing in the textarea; returns the revision the editor is at (older than the text's when operations
// from before a reload are still to be sent) and its client id.
export function attach(key, textarea, status, dotnet, textId, text, revision) {
  editors.get(key)?.close();
  const editor = new CoTextEditor(key, textarea, status, dotnet, textId, text, revision);
  editors.set(key, editor);
  return { revision: editor.revision, clientId: editor.clientId, text: editor.doc };
}

// Sends what a reload left unacknowledged, once the component is ready for acks.
export function start(key) {
  editors.get(key)?.resend();
}

// Operations in revision order: { revision, operation, clientId, clientSeq }.
export function receive(key, items) {
  editors.get(key)?.receive(items);
}

// The server refused an operation: start again from the stored text.
export function reset(key, text, revision) {
  editors.get(key)?.reset(text, revision);
}

// Waits (up to timeoutMs) until everything typed is acknowledged; true when it is.
export function flush(key, timeoutMs) {
  const editor = editors.get(key);
  return editor ? editor.whenSaved(timeoutMs) : Promise.resolve(true);
}

// The others' carets ({ clientId, label, colour, start, end }) as the text is at revision.
export function carets(key, revision, list) {
  editors.get(key)?.setCarets(revision, list);
}

// Someone new is in the text: report this editor's caret to them.
export function announce(key) {
  editors.get(key)?.announce();
}

// The caret, for tests and for showing it to others.
export function selection(key) {
  const area = editors.get(key)?.textarea;
  return area ? { start: area.selectionStart, end: area.selectionEnd } : null;
}

// Stops; true when operations are still unacknowledged (they stay stored and are sent at the next open).
export function detach(key) {
  const editor = editors.get(key);
  editors.delete(key);
  return editor ? editor.close() : false;
}
