// Operations on a text (decision 022), as Features/CoTyping/TextOperation.cs defines them: retain n, insert s and
// delete n over UTF-16 code units, kept normalised, compact JSON [5, "abc", -2]. Pure: no DOM, no state.

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
