// Co-typing a long text in a textarea (decision 022): ot.js's client state machine over the operations of
// co-text-ops.js (one operation in flight, later typing composed into a buffer). The server orders every operation.
// The others' operations come on the co-text hub (one connection per page, shared by its editors, one group message
// per burst for every editor of a text); the acks of this editor's own come back from the component with each submit;
// co-text-order.js puts both in revision order. A gap that no submit in flight fills within GapGrace is read through
// the component (Since), and while the hub is down the editor reads that way every PollEvery. Unacknowledged operations
// are kept in sessionStorage, so a reload or a lost circuit sends them again. The others' carets are co-text-carets.js's.

import { TextOperation, diff, indexBefore } from './co-text-ops.js';
import { CaretsOverlay } from './co-text-carets.js';
import { CoTextOrder } from './co-text-order.js';

export { TextOperation, diff, indexBefore, CoTextOrder };

// ---------- The editor ----------

const editors = new Map();
const storageKey = (textId) => `co-text:${textId}`;
const RetryDelays = [1000, 2000, 4000, 8000];
// The preview and the count (rendered on the server for each person) follow typing: 250 ms after it pauses, and
// once a second while it goes on, so a text others keep typing into still refreshes.
const PreviewQuiet = 250;
const PreviewEvery = 1000;
const SavingDelay = 400;
const PreviewLimit = 60000;
// Carets are reported at most this often, and only when they moved other than by this editor's own typing (the
// others move a caret along with its author's operations themselves, so typing at it costs no report).
const CaretEvery = 120;
// A gap in the revisions usually fills from the hub within milliseconds (another node's event just behind): the
// server is read only when it has not.
const GapGrace = 300;
// While the hub is down, the others' operations are read through the circuit this often.
const PollEvery = 2000;
const HubRetryDelays = [0, 2000, 5000, 10000, 20000];

const Messages = {
  saved: 'All changes saved',
  saving: 'Saving…',
  offline: 'Offline — your typing is kept and will be sent when the connection returns',
  polling: 'Others’ changes may arrive a few seconds late while the live connection is restored',
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
  constructor(key, textarea, status, dotnet, textId, text, revision, live) {
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

    this.order = new CoTextOrder();
    this.order.start(this.revision, revision, this.clientId);
    // Null without a hub (the module alone): operations then come only through receive().
    this.live = live || null;
    this.joined = false;
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
      this.apply(queued);
    };
    this.onOnline = () => this.resend();
    this.carets = new CaretsOverlay(textarea, () => ({ revision: this.revision, text: this.doc, pending: [this.outstanding?.op, this.buffer] }));
    this.setUpCaretReports();
    textarea.addEventListener('input', this.onInput);
    textarea.addEventListener('compositionstart', this.onCompositionStart);
    textarea.addEventListener('compositionend', this.onCompositionEnd);
    window.addEventListener('online', this.onOnline);
    this.showStatus();
    if (this.live) {
      this.setJoined(false);
      hubJoin(this);
    }
    this.checkGap();
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
    this.carets.draw();
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
    this.order.submitStarted();
    try {
      answer = await this.dotnet.invokeMethodAsync('Submit', pending.base, JSON.stringify(pending.op), this.clientId, pending.seq);
    } catch {
      answer = { ok: false, retry: true };
    }
    const ready = this.order.submitEnded(answer?.ok && epoch === this.epoch ? answer.ack : null);
    if (epoch === this.epoch && !this.closed) {
      this.apply(ready);
      this.checkGap();
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

  // ----- from the server, put in revision order -----

  // A burst from the hub: the others' operations, in any order, with this editor's own echoes (skipped).
  fromHub(items) {
    if (this.closed) return;
    this.apply(this.order.receive(items));
    this.checkGap();
  }

  // Operations from anywhere (a catch-up read, an ack), in any order: each applied once, in order.
  take(items) {
    if (this.closed) return;
    this.apply(this.order.take(items));
    this.checkGap();
  }

  // A gap no submit in flight will fill, left after GapGrace, is read from the server.
  checkGap() {
    if (this.closed || this.timers.gap || !this.order.gap) return;
    this.timers.gap = setTimeout(() => {
      this.timers.gap = null;
      if (this.order.needsCatchUp) this.catchUp();
      else this.checkGap();
    }, GapGrace);
  }

  // Reads the operations after the last one applied, page by page, while a later revision is known.
  async catchUp() {
    if (this.catchingUp || this.closed) return;
    this.catchingUp = true;
    const epoch = this.epoch;
    try {
      for (;;) {
        const from = this.order.delivered;
        let items;
        try {
          items = await this.dotnet.invokeMethodAsync('Since', from);
        } catch {
          items = null;
        }
        if (this.closed || epoch !== this.epoch || !Array.isArray(items) || items.length === 0) break;
        this.apply(this.order.take(items));
        if (this.order.delivered === from || !this.order.gap) break;
      }
    } finally {
      this.catchingUp = false;
    }
    this.checkGap();
  }

  // On the hub (joined: the others' operations come as they happen) or not (read every PollEvery meanwhile).
  setJoined(joined) {
    this.joined = joined;
    if (joined) {
      clearInterval(this.timers.poll);
      this.timers.poll = null;
    } else if (!this.timers.poll && !this.closed) {
      this.timers.poll = setInterval(() => this.catchUp(), PollEvery);
    }
    this.showStatus();
  }

  // Joined the text's group: whatever happened before it is read now.
  hubJoined(latest) {
    this.setJoined(true);
    this.order.known(latest);
    if (this.order.gap) this.catchUp();
  }

  apply(items) {
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
      const op = TextOperation.fromJSON(JSON.parse(item.operation));
      this.carets.move(item.revision, item.clientId, op);
      this.moveKnown(op, item.clientId === this.clientId);
      if (own) {
        this.serverAck();
      } else {
        this.applyServer(op);
        changed = true;
      }
    }
    this.persist();
    this.showStatus();
    if (changed) this.textChanged();
    this.carets.draw();
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
    this.order.reset(revision);
    clearTimeout(this.timers.gap);
    this.timers.gap = null;
    this.carets.clear();
    this.known = null;
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
    if (this.live) this.status.dataset.live = this.joined ? 'live' : 'polling';
    if (!this.outstanding) this.settled();
    if (this.offline) {
      this.writeStatus(Messages.offline);
    } else if (this.outstanding) {
      // Announced only when saving takes a moment, so each keystroke does not make a screen reader speak.
      this.timers.saving = setTimeout(() => {
        if (this.outstanding && !this.offline) this.writeStatus(Messages.saving);
      }, SavingDelay);
    } else {
      this.writeStatus(this.live && !this.joined ? `${Messages.saved}. ${Messages.polling}` : Messages.saved);
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

  // The text changed: tell the component PreviewQuiet after the last change, and at least every PreviewEvery meanwhile.
  textChanged() {
    clearTimeout(this.timers.preview);
    this.timers.preview = setTimeout(() => this.sendText(), PreviewQuiet);
    this.timers.previewDue ??= setTimeout(() => this.sendText(), PreviewEvery);
  }

  sendText() {
    clearTimeout(this.timers.preview);
    clearTimeout(this.timers.previewDue);
    this.timers.preview = null;
    this.timers.previewDue = null;
    if (this.closed) return;
    const text = this.doc.length > PreviewLimit ? this.doc.slice(0, PreviewLimit) : this.doc;
    this.dotnet.invokeMethodAsync('TextChanged', text, this.doc.length).catch(() => {});
  }

  // ----- this editor's caret, for the others -----

  setUpCaretReports() {
    // The caret the others hold for this editor, at this.revision: moved over each operation as they move it.
    this.known = null;
    this.caretShown = false;
    this.onCaret = () => this.noteCaret();
    this.onSelectionChange = () => {
      if (document.activeElement === this.textarea) this.noteCaret();
    };
    for (const type of ['select', 'keyup', 'mouseup', 'focus']) this.textarea.addEventListener(type, this.onCaret);
    document.addEventListener('selectionchange', this.onSelectionChange);
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
    this.known = null;
    this.noteCaret();
  }

  // An operation at the next revision: the others move this editor's caret over it (along with it when it is its own).
  moveKnown(op, own) {
    const known = this.known;
    if (!known) return;
    known.start = op.transformIndex(Math.min(known.start, op.baseLength), own);
    known.end = Math.max(known.start, op.transformIndex(Math.min(known.end, op.baseLength), own));
  }

  reportCaret() {
    if (this.closed || this.composing) return;
    // In the server's text at this revision: what is typed but not acknowledged is taken out again.
    const pending = this.pending();
    const start = pending ? indexBefore(pending, this.textarea.selectionStart) : this.textarea.selectionStart;
    const end = pending ? indexBefore(pending, this.textarea.selectionEnd) : this.textarea.selectionEnd;
    if (this.known && this.known.start === start && this.known.end === end) return;
    const known = { start, end };
    this.known = known;
    this.dotnet.invokeMethodAsync('CaretMoved', this.revision, start, end).then((ok) => {
      if (!ok && this.known === known) this.known = null;
    }, () => {
      if (this.known === known) this.known = null;
    });
  }

  pending() {
    if (!this.outstanding) return null;
    return this.buffer ? TextOperation.compose(this.outstanding.op, this.buffer) : this.outstanding.op;
  }

  close() {
    this.closed = true;
    for (const type of ['select', 'keyup', 'mouseup', 'focus']) this.textarea.removeEventListener(type, this.onCaret);
    document.removeEventListener('selectionchange', this.onSelectionChange);
    this.carets.close();
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    clearInterval(this.timers.poll);
    if (this.live) hubLeave(this);
    this.textarea.removeEventListener('input', this.onInput);
    this.textarea.removeEventListener('compositionstart', this.onCompositionStart);
    this.textarea.removeEventListener('compositionend', this.onCompositionEnd);
    window.removeEventListener('online', this.onOnline);
    return !!this.outstanding;
  }
}

// ---------- The hub, one connection per page for all its editors ----------

const hub = { connection: null, texts: new Map(), live: null, starting: null, attempt: 0, timer: null };
let signalRLoading = null;

// The SignalR client is a classic script (the watchers' pages load it with a tag): loaded once, on first use.
function loadSignalR(src) {
  if (window.signalR) return Promise.resolve(window.signalR);
  signalRLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(window.signalR);
    script.onerror = () => {
      signalRLoading = null;
      script.remove();
      reject(new Error('The live connection script did not load.'));
    };
    document.head.appendChild(script);
  });
  return signalRLoading;
}

const editorsOf = (textId) => [...(hub.texts.get(textId) || [])];
const allJoined = () => [...hub.texts.values()].flatMap((set) => [...set]);

function hubJoin(editor) {
  hub.live ??= editor.live;
  let set = hub.texts.get(editor.textId);
  if (!set) hub.texts.set(editor.textId, (set = new Set()));
  set.add(editor);
  if (hub.connection?.state === 'Connected') joinText(editor.textId);
  else hubStart();
}

function hubLeave(editor) {
  const set = hub.texts.get(editor.textId);
  if (!set?.delete(editor) || set.size > 0) return;
  hub.texts.delete(editor.textId);
  const connection = hub.connection;
  if (connection?.state !== 'Connected') return;
  connection.invoke('Leave', editor.textId).catch(() => {});
  if (hub.texts.size === 0) {
    // No editor left on this page: the socket goes until the next one opens.
    clearTimeout(hub.timer);
    connection.stop();
  }
}

// Joins the text's group for its editors; a refused join (the text is not readable) leaves them reading through the circuit.
async function joinText(textId) {
  let latest;
  try {
    latest = await hub.connection.invoke('Join', textId);
  } catch {
    for (const editor of editorsOf(textId)) editor.setJoined(false);
    return;
  }
  for (const editor of editorsOf(textId)) editor.hubJoined(latest);
}

function hubBuild(signalR) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hub.live.hub)
    .withAutomaticReconnect(HubRetryDelays)
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.on('ops', (textId, items) => {
    for (const editor of editorsOf(textId)) editor.fromHub(items);
  });
  connection.on('missed', (textId) => {
    for (const editor of editorsOf(textId)) editor.catchUp();
  });
  connection.onreconnecting(() => {
    for (const editor of allJoined()) editor.setJoined(false);
  });
  connection.onreconnected(() => {
    for (const textId of hub.texts.keys()) joinText(textId);
  });
  // After the automatic attempts (or a failed start) keep trying while an editor is open.
  connection.onclose(() => {
    for (const editor of allJoined()) editor.setJoined(false);
    hubRetry();
  });
  return connection;
}

function hubRetry() {
  clearTimeout(hub.timer);
  if (hub.texts.size === 0) return;
  const delay = HubRetryDelays[Math.min(hub.attempt, HubRetryDelays.length - 1)] || 1000;
  hub.attempt += 1;
  hub.timer = setTimeout(hubStart, delay);
}

function hubStart() {
  if (hub.starting || hub.texts.size === 0) return hub.starting;
  hub.starting = (async () => {
    try {
      const signalR = await loadSignalR(hub.live.script);
      hub.connection ??= hubBuild(signalR);
      if (hub.connection.state === 'Disconnected') await hub.connection.start();
      hub.attempt = 0;
      for (const textId of hub.texts.keys()) joinText(textId);
    } catch {
      for (const editor of allJoined()) editor.setJoined(false);
      hubRetry();
    } finally {
      hub.starting = null;
    }
  })();
  return hub.starting;
}

// ---------- What the component calls ----------

// Starts co-typing in the textarea; returns the revision the editor is at (older than the text's when operations
// from before a reload are still to be sent) and its client id. live ({ hub, script }) says where the others'
// operations come from; without it they come only through receive().
export function attach(key, textarea, status, dotnet, textId, text, revision, live) {
  editors.get(key)?.close();
  const editor = new CoTextEditor(key, textarea, status, dotnet, textId, text, revision, live);
  editors.set(key, editor);
  return { revision: editor.revision, clientId: editor.clientId, text: editor.doc };
}

// Sends what a reload left unacknowledged, once the component is ready for acks.
export function start(key) {
  editors.get(key)?.resend();
}

// Operations ({ revision, operation, clientId, clientSeq }) in any order, own ones as acks: each applied once, in order.
export function receive(key, items) {
  editors.get(key)?.take(items);
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

// The others' carets ({ clientId, label, colour, revision, start, end }), each as its person reported it.
export function carets(key, list) {
  editors.get(key)?.carets.set(list);
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
