/* global window, document */
// 适老模式: mark <html> before the first paint so the page never flashes in small type.
// Kept as an external file because the Content-Security-Policy forbids inline scripts.
// The key and value must match src/web/elderly.tsx.
(function () {
  try {
    if (window.localStorage.getItem('rongzhi.elderly') === '1') {
      document.documentElement.setAttribute('data-elderly', 'true');
    }
  } catch {
    // Storage may be disabled; fall back to normal mode.
  }
})();
