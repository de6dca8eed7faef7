import { initAll } from '/assets/js/govuk-frontend.min.js';

initAll();

/** The table's caption, or the last heading before it: what a screen reader announces for its scroll region. */
function labelFor(table) {
  const caption = table.querySelector('caption');
  if (caption && caption.textContent.trim()) return caption.textContent.trim();
  const headings = [...document.querySelectorAll('main h1, main h2, main h3, main h4')];
  const before = headings.filter((heading) => heading.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
  return before.length ? before[before.length - 1].textContent.trim() : 'Table';
}

/**
 * A table wider than the screen (a phone, or a page zoomed to 200%) scrolls
 * inside a region that a keyboard can reach and a screen reader names, its
 * first column kept in view, so the page itself never runs past the edge.
 */
function fitWideTables() {
  for (const table of document.querySelectorAll('main table')) {
    if (table.closest('.steadfast-table-scroll')) continue;
    const room = Math.min(table.parentElement.clientWidth, document.documentElement.clientWidth - table.getBoundingClientRect().left);
    if (table.scrollWidth <= room) continue;
    const region = document.createElement('div');
    region.className = 'steadfast-table-scroll steadfast-table-scroll--key-column';
    region.setAttribute('role', 'region');
    region.setAttribute('aria-label', labelFor(table));
    region.tabIndex = 0;
    table.before(region);
    region.append(table);
  }
}

fitWideTables();
let resizing;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(fitWideTables, 150);
});
