// The wall view's rotation (decision 017): the server renders every section; with this script one
// shows at a time, moving on every data-seconds seconds, with Previous/Pause/Next buttons, the arrow
// keys, Page Up/Down and Space. Without it, every section shows one under the other.
(() => {
  const wall = document.querySelector('[data-wall]');
  if (!wall) return;
  const sections = [...wall.querySelectorAll('[data-wall-section]')];
  const dots = [...wall.querySelectorAll('[data-wall-dot]')];
  const position = wall.querySelector('[data-wall-position]');
  const countdown = wall.querySelector('[data-wall-countdown]');
  const pause = wall.querySelector('[data-wall-pause]');
  const seconds = Math.min(300, Math.max(5, Number(wall.dataset.seconds) || 15));
  let index = 0;
  let paused = false;
  let timer;

  const show = () => {
    sections.forEach((section, i) => { section.hidden = i !== index; });
    dots.forEach((dot, i) => {
      if (i === index) dot.setAttribute('aria-current', 'step');
      else dot.removeAttribute('aria-current');
    });
    const name = sections[index].dataset.wallSectionName;
    wall.dataset.section = sections[index].dataset.wallSection;
    position.textContent = `${index + 1} of ${sections.length}: ${name}`;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', paused ? 'true' : 'false');
    countdown.textContent = `${paused ? 'Paused' : `Next section in ${seconds} s`} · Space pauses, arrow keys move`;
  };

  // A manual move restarts the countdown, so the section stays up for its full time.
  const restart = () => {
    clearInterval(timer);
    timer = setInterval(() => { if (!paused) move(1); }, seconds * 1000);
  };

  const move = step => {
    index = (index + step + sections.length) % sections.length;
    show();
  };

  wall.querySelector('[data-wall-previous]').addEventListener('click', () => { move(-1); restart(); });
  wall.querySelector('[data-wall-next]').addEventListener('click', () => { move(1); restart(); });
  pause.addEventListener('click', () => { paused = !paused; show(); });

  document.addEventListener('keydown', event => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target instanceof HTMLElement && event.target.closest('button, a, input, textarea, select')) {
      if (event.key === ' ' || event.key === 'Enter') return;
    }
    const press = selector => { event.preventDefault(); wall.querySelector(selector)?.click(); };
    if (event.key === 'ArrowRight' || event.key === 'PageDown') press('[data-wall-next]');
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp') press('[data-wall-previous]');
    else if (event.key === ' ' || event.key === 'p') press('[data-wall-pause]');
  });

  for (const hidden of wall.querySelectorAll('[data-wall-position], [data-wall-previous], [data-wall-pause], [data-wall-next]')) {
    hidden.hidden = false;
  }
  show();
  restart();
})();
