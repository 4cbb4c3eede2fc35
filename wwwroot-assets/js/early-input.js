// What people do on a page before its circuit is up. The server sends the page's markup first; until the
// circuit starts, its buttons have no handlers, and when it starts Blazor replaces that markup, dropping
// whatever was typed into it. So, while a page waits for its circuit (the body's data-circuit="starting",
// set by the server on interactive pages, and the shell's data-interactive="false"):
// - typed values are remembered and put back into the same fields once it is up, with input and change
//   events so the components take them;
// - the last click on a button (or a form's submit) is held, said so in a polite status, and done once
//   the values are back. Links, static forms and plain-markup menus work without a circuit and are left alone.
// Fields and buttons are found again by their place in the page, checked against what they were.
(() => {
  const body = () => document.body;
  const shell = () => document.querySelector('[data-interactive]');
  const starting = () => body()?.dataset.circuit === 'starting' && shell()?.getAttribute('data-interactive') === 'false';
  const actionable = 'button, a:not([href]), [role=button], [role=tab], [role=menuitem], [role=option], [role=switch]';
  const typed = new Map();
  let held = null;
  let status = null;

  // Child indexes from the body down: the markup the circuit renders has the same shape as the server's.
  const pathOf = (el) => {
    const path = [];
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      path.unshift([...node.parentElement.children].indexOf(node));
    }
    return path;
  };

  // What must still match; not ids, which components generate afresh for each render.
  const signatureOf = (el) => [
    el.tagName, el.getAttribute('type'), el.getAttribute('name'), el.getAttribute('placeholder'),
    el.getAttribute('aria-label'), el.matches(actionable) ? el.textContent.trim().replace(/\s+/g, ' ') : '',
  ].join('|');

  const find = ({ path, signature, selector }) => {
    let el = document.body;
    for (const index of path) {
      el = el?.children[index];
    }
    if (el && signatureOf(el) === signature) return el;
    // The shape changed: take the one element of that kind that still matches, if there is exactly one.
    const same = [...document.querySelectorAll(selector)].filter(candidate => signatureOf(candidate) === signature);
    return same.length === 1 ? same[0] : null;
  };

  const remember = (el, selector) => ({ path: pathOf(el), signature: signatureOf(el), selector });

  const say = (text) => {
    if (!status) {
      status = document.createElement('div');
      status.className = 'circuit-status';
      status.setAttribute('role', 'status');
      document.body.appendChild(status);
    }
    status.textContent = text;
    status.hidden = !text;
    clearTimeout(status.hideTimer);
    if (text && !starting()) status.hideTimer = setTimeout(() => say(''), 8000);
  };

  document.addEventListener('input', e => {
    const el = e.target;
    if (!starting() || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) return;
    const key = pathOf(el).join('/');
    typed.set(key, { ...remember(el, el.tagName.toLowerCase()), value: el.value, checked: el.checked });
  }, true);

  document.addEventListener('click', e => {
    if (!starting() || !(e.target instanceof Element)) return;
    const el = e.target.closest(actionable);
    if (!el || el.closest('a[href]') || el.hasAttribute('popovertarget') || el.closest('form[method]')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    held = { kind: 'click', ...remember(el, el.tagName.toLowerCase()) };
    say('Connecting… what you clicked will happen in a moment.');
  }, true);

  document.addEventListener('submit', e => {
    const form = e.target;
    if (!starting() || !(form instanceof HTMLFormElement) || form.hasAttribute('method')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    held = { kind: 'submit', ...remember(form, 'form') };
    say('Connecting… your form will be sent in a moment.');
  }, true);

  const setValue = (el, value) => {
    // Through the prototype's setter, as typing does, so frameworks watching the property see the change.
    const proto = Object.getPrototypeOf(el);
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  };

  const restore = () => {
    for (const entry of typed.values()) {
      const el = find(entry);
      if (!el) continue;
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked !== entry.checked) el.click();
        continue;
      }
      if (el.value === entry.value) continue;
      setValue(el, entry.value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
    typed.clear();

    const action = held;
    held = null;
    const el = action && find(action);
    if (action?.kind === 'click') el?.click();
    if (action?.kind === 'submit') el?.requestSubmit();
    say(action && !el ? 'The page changed while it connected: please do that again.' : '');
  };

  // Watches the page only until its circuit is up: after that no mutation needs to be looked at.
  const observer = new MutationObserver(() => check());
  const check = () => {
    if (body()?.dataset.circuit !== 'starting' || shell()?.getAttribute('data-interactive') !== 'true') return;
    observer.disconnect();
    body().dataset.circuit = 'up';
    restore();
  };

  // The script loads at the end of the body, so the server's mark is already there; static pages have none.
  if (document.body?.dataset.circuit === 'starting') {
    observer.observe(document.documentElement, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['data-interactive'],
    });
  }
  document.addEventListener('DOMContentLoaded', check);
})();
