// Watchers' pages (decision 017): the page arrives complete from the server; this joins its view on
// the live hub (/hubs/live) and swaps in each fragment the server sends, rendered once for every
// watcher. A list fragment may instead come as a patch: the items that left, and each new or changed
// item with the key of the item after it. Each update carries the next number (seq): a gap, a patch
// that does not fit what is shown, or a connection that comes back, fetches the whole view again, so
// the page never shows a mix of old and new. Each fragment rendered with the page carries its hash
// (data-live-hash) until something replaces it; a join names those, and the server leaves them out of
// the snapshot when they are still current. Changes are announced politely by a short summary. The
// contract is LiveContract.cs.
(() => {
  const root = document.querySelector('[data-live-view]');
  if (!root || !window.signalR) return;
  const { liveKind: kind, liveKey: key, liveHub: hub } = root.dataset;
  const statusText = root.querySelector('[data-live-status-text]');
  const announcer = root.querySelector('[data-live-announce]');
  let seq = -1;
  let resyncing = false;
  let closed = false;

  const setState = (state, text) => {
    root.dataset.live = state;
    if (statusText) statusText.textContent = text;
  };

  // A view that can go away for everyone (the public results page: data-live-gone="replace") replaces
  // what it shows with the reason, so no one keeps reading what is no longer published.
  const end = text => {
    closed = true;
    setState('closed', text);
    if (root.dataset.liveGone !== 'replace') return;
    const status = root.querySelector('[data-live-status]');
    const message = document.createElement('p');
    message.className = 'live-view-gone';
    message.textContent = text;
    for (const child of [...root.children]) {
      if (child !== status && child !== announcer) child.remove();
    }
    root.prepend(message);
    if (status) status.hidden = true;
    if (announcer) announcer.textContent = text;
  };

  // What no longer is the fragment the page was rendered with loses that fragment's hash.
  const replace = fragments => {
    for (const [id, html] of Object.entries(fragments)) {
      const element = document.getElementById(id);
      if (!element) continue;
      element.innerHTML = html;
      delete element.dataset.liveHash;
    }
  };

  // The fragments still as rendered with the page, by their hashes: a join sends only the others.
  const shown = () => {
    const hashes = {};
    for (const element of root.querySelectorAll('[data-live-fragment][data-live-hash]')) {
      if (element.id) hashes[element.id] = element.dataset.liveHash;
    }
    return hashes;
  };

  // One list's patch (LiveListPatch): false when the page does not hold the list or an item it names.
  const patch = (id, { removed, items }) => {
    const fragment = document.getElementById(id);
    if (fragment) delete fragment.dataset.liveHash;
    const list = fragment?.querySelector('[data-live-list]');
    if (!list) return false;
    const item = key => [...list.children].find(child => child.dataset.liveItem === key);
    for (const key of removed) item(key)?.remove();
    const template = document.createElement('template');
    for (const { key, html, before } of items) {
      const next = before == null ? null : item(before);
      if (before != null && !next) return false;
      template.innerHTML = html;
      const element = template.content.firstElementChild;
      if (!element) return false;
      item(key)?.remove();
      list.insertBefore(element, next);
    }
    return true;
  };

  const updated = () => root.dispatchEvent(new CustomEvent('live-view-updated', { bubbles: true }));

  const apply = fragments => {
    replace(fragments);
    updated();
  };

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hub)
    .withAutomaticReconnect([0, 2000, 5000, 10000, 20000])
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  const take = snapshot => {
    seq = snapshot.seq;
    apply(snapshot.fragments);
  };

  const join = async () => {
    take(await connection.invoke('JoinShowing', kind, key, shown()));
    setState('connected', 'Live: changes appear as partners make them.');
  };

  const resync = async () => {
    if (resyncing) return;
    resyncing = true;
    try {
      take(await connection.invoke('Snapshot', kind, key));
    } catch {
      // The connection went away meanwhile; joining again on reconnect fetches the whole view.
    } finally {
      resyncing = false;
    }
  };

  connection.on('update', update => {
    if (resyncing || update.seq <= seq) return;
    if (update.seq !== seq + 1) {
      resync();
      return;
    }
    seq = update.seq;
    replace(update.fragments);
    for (const [id, list] of Object.entries(update.lists || {})) {
      if (!patch(id, list)) {
        // What is shown is not what the server patched: fetch the whole view.
        resync();
        return;
      }
    }
    updated();
    if (announcer) announcer.textContent = update.summary;
  });

  connection.on('closed', message => {
    end(message.message);
    connection.stop();
  });

  connection.onreconnecting(() => setState('reconnecting', 'Connection lost. Reconnecting… The figures shown may be out of date.'));
  connection.onreconnected(() => join().catch(() => connection.stop()));

  // After the automatic attempts (or any other close) keep trying, as a wall screen has nobody to click.
  let delay = 1000;
  const start = async () => {
    while (!closed) {
      try {
        await connection.start();
        await join();
        delay = 1000;
        return;
      } catch (error) {
        if (connection.state === signalR.HubConnectionState.Connected) {
          // Connected but refused: the view is gone or no longer ours to see.
          end(root.dataset.liveGoneText || 'This view is not available any more. Reload the page to see why.');
          await connection.stop();
          return;
        }
        setState('reconnecting', 'Connection lost. Reconnecting… The figures shown may be out of date.');
        await new Promise(resolve => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 15000);
      }
    }
  };

  connection.onclose(() => {
    if (closed) return;
    setState('reconnecting', 'Connection lost. Reconnecting… The figures shown may be out of date.');
    setTimeout(start, delay);
  });

  window.addEventListener('pagehide', () => { closed = true; connection.stop(); });
  setState('connecting', 'Connecting for live updates…');
  start();
})();
