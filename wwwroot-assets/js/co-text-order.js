// The operations of one co-typed text in revision order for one browser editor (decision 022). They come from three
// places — the hub's group messages (in any order across nodes, with gaps), the acks of the editor's own submits, and
// catch-up reads — and each revision is handed over exactly once, in order. The editor's own echoes on the hub are
// skipped: the ack of its submit covers them.

export class CoTextOrder {
  constructor() {
    this.waiting = new Map();
    this.latestKnown = 0;
    this.clientId = null;
    // The last revision handed to the editor.
    this.delivered = 0;
    // Submits sent and not answered yet; their acks fill their own revisions.
    this.inFlight = 0;
  }

  get started() {
    return this.clientId !== null;
  }

  // Behind a revision known to exist.
  get gap() {
    return this.started && this.latestKnown > this.delivered;
  }

  // Behind a revision that no pending ack will bring: read the operations since `delivered`.
  get needsCatchUp() {
    return this.gap && this.inFlight === 0;
  }

  // The editor started at `revision` (older than `latest` when a reload left operations to resend).
  start(revision, latest, clientId) {
    this.clientId = clientId;
    this.delivered = revision;
    this.known(latest);
    return this.flush();
  }

  // The editor was reset to the stored text at `revision` (after a refused operation).
  reset(revision) {
    this.delivered = revision;
    this.known(revision);
    for (const r of [...this.waiting.keys()]) if (r <= revision) this.waiting.delete(r);
  }

  // A revision exists (the hub's answer to a join).
  known(revision) {
    if (revision > this.latestKnown) this.latestKnown = revision;
  }

  // A burst from the hub; what is now ready, in order.
  receive(items) {
    const others = [];
    for (const item of items) {
      this.known(item.revision);
      if (this.started && item.clientId === this.clientId) continue;
      others.push(item);
    }
    return this.take(others);
  }

  submitStarted() {
    this.inFlight += 1;
  }

  // A submit was answered; its ack (null when refused or failed) takes its place in the order.
  submitEnded(ack) {
    this.inFlight = Math.max(0, this.inFlight - 1);
    return ack ? this.take([ack]) : this.flush();
  }

  // Operations read to catch up (or an ack); what is now ready, in order.
  take(items) {
    for (const item of items) {
      this.known(item.revision);
      if (item.revision > this.delivered && !this.waiting.has(item.revision)) this.waiting.set(item.revision, item);
    }
    return this.flush();
  }

  flush() {
    const ready = [];
    if (!this.started || this.waiting.size === 0) return ready;
    for (const r of [...this.waiting.keys()]) if (r <= this.delivered) this.waiting.delete(r);
    for (let next = this.waiting.get(this.delivered + 1); next; next = this.waiting.get(this.delivered + 1)) {
      this.waiting.delete(next.revision);
      ready.push(next);
      this.delivered = next.revision;
    }
    return ready;
  }
}
