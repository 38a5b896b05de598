import { type Html, html, trusted } from './escape.js';

/** Inline SVG shapes (24×24, drawn with the current text colour): no icon font or image is fetched. */
const SHAPES = {
  check: '<path d="M5 12.5l4.5 4.5L19 7.5"/>',
  cross: '<path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>',
  warning: '<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17.5v.01"/>',
  frozen: '<path d="M12 2.5v19M3.8 7.25l16.4 9.5M3.8 16.75l16.4-9.5M9.5 4.5L12 7l2.5-2.5M9.5 19.5L12 17l2.5 2.5"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>',
  runs: '<circle cx="12" cy="12" r="5.5" fill="currentColor"/>',
  arrow: '<path d="M4 12h15M13 6l6 6-6 6"/>',
  link: '<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>',
  copy:
    '<rect x="8.5" y="8.5" width="11.5" height="11.5" rx="2"/>' +
    '<path d="M15.5 8.5V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v9.5a1 1 0 0 0 1 1h3.5"/>',
  drift: '<path d="M3 9c3-3 6 3 9 0s6 3 9 0M3 15c3-3 6 3 9 0s6 3 9 0"/>',
  stacks: '<path d="M12 3l9 5-9 5-9-5z"/><path d="M3 12.5l9 5 9-5"/><path d="M3 17l9 5 9-5"/>',
  override: '<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/><path d="M9 9l6 6M15 9l-6 6"/>',
} as const;

/** The name of an icon of the page. */
export type IconName = keyof typeof SHAPES;

/** The symbols every {@link icon} refers to, once per page. */
export function iconSprite(): Html {
  const symbols = Object.entries(SHAPES)
    .map(([name, shape]) => `<symbol id="i-${name}" viewBox="0 0 24 24">${shape}</symbol>`)
    .join('');
  return trusted(`<svg class="sprite" aria-hidden="true" focusable="false">${symbols}</svg>`);
}

/** A decorative icon: always next to a word that says the same, so colour and shape are never the only signal. */
export function icon(name: IconName): Html {
  return html`<svg class="icon icon-${name}" aria-hidden="true" focusable="false"><use href="#i-${name}"/></svg>`;
}
