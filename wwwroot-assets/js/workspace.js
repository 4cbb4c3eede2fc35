// Small browser helpers the app calls through JS interop. Loaded as a classic script (no inline script: CSP).
window.workspace = {
  // Remembers the light/dark choice for the server's first render and applies it now.
  setTheme(mode) {
    const value = mode === 'dark' ? 'dark' : 'light';
    document.cookie = `workspace.theme=${value}; path=/; max-age=31536000; samesite=lax`;
    document.body.classList.toggle('theme-dark', value === 'dark');
    document.body.classList.toggle('theme-light', value !== 'dark');
  },

  // The viewer's IANA time zone, so UTC times can be shown in local time.
  timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  },

  // Focuses the first button inside an element (a menu made on first use takes the focus of the button it replaced).
  focusButtonIn(element) {
    element?.querySelector('button')?.focus();
  },

  // Opens the browser's print dialog (the report and the minutes print with their own stylesheets).
  print() {
    window.print();
  },

  // Copies text; falls back to a selection-based copy where the Clipboard API is unavailable.
  async copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      return ok;
    }
  },

  // Calls .NET when the element comes near the viewport, so a long list loads its next page while the
  // reader scrolls. The method returns whether more remain; if so, observing restarts, because the
  // observer reports only changes and the element may still be in view after a short page.
  observeNearViewport(element, dotnet, method) {
    if (!element || !('IntersectionObserver' in window)) {
      return;
    }
    const observer = new IntersectionObserver(async (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) {
        return;
      }
      observer.unobserve(element);
      try {
        if (await dotnet.invokeMethodAsync(method)) {
          observer.observe(element);
        }
      } catch {
        // The circuit went away; the page's own reconnect handling takes over.
      }
    }, { rootMargin: '800px 0px' });
    observer.observe(element);
    element.workspaceObserver = observer;
  },

  stopObserving(element) {
    element?.workspaceObserver?.disconnect();
  },
};

// The tab title of a live page. The page renders it as a hidden element's data-document-title (in the
// same render batch as the rest of the page, so a second interactive root component is not needed to
// reach the head); this copies it to document.title whenever it is added or changes.
(() => {
  const sync = () => {
    const text = document.querySelector('[data-document-title]')?.getAttribute('data-document-title');
    if (text && document.title !== text) document.title = text;
  };
  new MutationObserver(sync).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-document-title'],
  });
})();

// The workshop timer. The server renders the timer's state as data attributes (when it ends, or the
// time left while paused, and the server's clock at that moment); this script only counts down for
// display, so the server does not render once a second per viewer. The difference between the
// server's and the browser's clocks is measured whenever new state arrives, so browsers whose clocks
// differ still agree. The last minute is announced once through a polite live region.
(() => {
  const format = (seconds) => {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
    return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
  };

  const secondsLeft = (el) => {
    const stamp = el.dataset.now;
    if (el._stamp !== stamp) {
      el._stamp = stamp;
      el._offset = Number(stamp) - Date.now();
    }
    if (el.dataset.running === 'true') {
      return Math.max(0, Math.ceil((Number(el.dataset.ends) - (Date.now() + el._offset)) / 1000));
    }
    return Math.max(0, Number(el.dataset.remaining) || 0);
  };

  const update = (el) => {
    const left = secondsLeft(el);
    const running = el.dataset.running === 'true';
    const digits = el.querySelector('[data-timer-digits]');
    const state = el.querySelector('[data-timer-state]');
    const text = format(left);
    if (digits && digits.textContent !== text) digits.textContent = text;
    const phase = left === 0 ? 'up' : running && left <= 60 ? 'warning' : running ? 'running' : 'paused';
    el.classList.toggle('timer-warning', phase === 'warning');
    el.classList.toggle('timer-up', phase === 'up');
    el.classList.toggle('timer-paused', phase === 'paused');
    const words = { up: 'Time is up', warning: 'Last minute', running: 'Running', paused: 'Paused' }[phase];
    if (state && state.textContent !== words) state.textContent = words;
    el.dataset.seconds = String(left);
    const live = el.id ? document.querySelector(`[data-timer-live="${el.id}"]`) : null;
    if (live && running && el._last !== undefined) {
      if (el._last > 60 && left <= 60 && left > 0) live.textContent = 'One minute left on this item.';
      else if (el._last > 0 && left === 0) live.textContent = 'Time is up for this item.';
    }
    if (live && left > 60 && live.textContent) live.textContent = '';
    el._last = running ? left : undefined;
  };

  const tick = () => document.querySelectorAll('[data-timer]').forEach(update);
  new MutationObserver(tick).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-now', 'data-running'],
  });
  setInterval(tick, 250);
  document.addEventListener('DOMContentLoaded', tick);
})();


// Menu buttons in plain markup: a button with popovertarget opens a [popover].app-menu holding a
// [role=menu]. The browser opens and closes it (click, Enter, Escape, a click outside) and gives the
// focus back to the button; this places it under its button, focuses the first item when it opens,
// moves between items with the arrow keys, Home and End, and closes it when an item is chosen or Tab
// leaves it. Delegated from the document, so markup rendered at any time works without a JS call.
(() => {
  const itemsOf = menu => [...menu.querySelectorAll('[role=menuitem]')];

  const place = menu => {
    const button = document.querySelector(`[popovertarget="${menu.id}"]`);
    if (!button) return;
    const box = button.getBoundingClientRect();
    menu.style.top = `${Math.round(box.bottom + 4)}px`;
    if (menu.dataset.align === 'end') {
      menu.style.right = `${Math.max(8, Math.round(document.documentElement.clientWidth - box.right))}px`;
      menu.style.left = 'auto';
    } else {
      menu.style.left = `${Math.max(8, Math.round(box.left))}px`;
      menu.style.right = 'auto';
    }
  };

  // toggle does not bubble: listen in the capture phase.
  document.addEventListener('toggle', e => {
    const menu = e.target;
    if (!(menu instanceof HTMLElement) || !menu.classList.contains('app-menu') || e.newState !== 'open') return;
    place(menu);
    itemsOf(menu)[0]?.focus();
  }, true);

  document.addEventListener('keydown', e => {
    const item = e.target instanceof Element ? e.target.closest('.app-menu [role=menuitem]') : null;
    if (!item) return;
    const menu = item.closest('.app-menu');
    const items = itemsOf(menu);
    const at = items.indexOf(item);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next !== undefined) {
      e.preventDefault();
      items[(next + items.length) % items.length].focus();
    } else if (e.key === 'Tab') {
      menu.hidePopover(); // the focus returns to the button, and Tab goes on from there
    }
  });

  document.addEventListener('click', e => {
    const item = e.target instanceof Element ? e.target.closest('.app-menu [role=menuitem]') : null;
    // A link followed inside the app leaves the page in place: close the menu it came from.
    if (item && item.tagName === 'A') item.closest('.app-menu')?.hidePopover();
  });
})();
