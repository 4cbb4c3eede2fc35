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
