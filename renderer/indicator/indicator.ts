// The always-on-top recording indicator's page (renderer/indicator.html, opened by
// main/electron/indicator-window.ts through the same secure window factory as the main window). No React:
// it renders main's `app.indicator` view and ticks the clock between updates.
import type { IndicatorView } from '../../shared/contracts/shell';
import { api } from '../api/fieldtape';
import { indicatorText } from './indicator-text';
import './indicator.css';

const root = document.getElementById('indicator')!;
const label = document.getElementById('indicator-text')!;
let view: IndicatorView | null = null;

function render() {
  if (!view) return;
  const text = indicatorText(view, Date.now());
  if (label.textContent !== text) label.textContent = text;
  root.dataset.state = view.state;
}

api.on('app.indicator', (next) => {
  view = next;
  render();
});
setInterval(render, 250);
