// The annotation tools: pen, arrow, rectangle, ellipse, highlight, text; colour; fade or persist; undo,
// redo and clear. Marks are drawn by dragging (or, for text, clicking) on any participant's tile.
import { useSyncExternalStore } from 'react';
import { ANNOTATION_TOOLS, type AnnotationTool } from '../../../shared/domain/annotation';
import { useAnnotations } from './annotation-context';

const TOOL_LABELS: Record<AnnotationTool, string> = {
  pen: 'Pen',
  arrow: 'Arrow',
  rect: 'Rectangle',
  ellipse: 'Ellipse',
  highlight: 'Highlight',
  text: 'Text',
};

const COLORS = [
  ['#ff3b30', 'Red'],
  ['#ffcc00', 'Yellow'],
  ['#34c759', 'Green'],
  ['#0a84ff', 'Blue'],
  ['#ffffff', 'White'],
] as const;

export function AnnotationToolbar({ identity }: { identity: string }) {
  const { store, history, settings, setSettings } = useAnnotations();
  // Re-render when marks change, so undo/redo availability stays current.
  useSyncExternalStore(store.subscribe, store.getSnapshot);
  const undo = () => {
    const stroke = history.undo((id) => store.has(id));
    if (stroke) store.apply({ op: 'remove', id: stroke.id, by: identity }, true);
  };
  const redo = () => {
    const stroke = history.redo();
    if (stroke) store.apply({ op: 'add', stroke: { ...stroke, at: store.sessionNow() } }, true);
  };
  const clear = () => {
    history.cleared();
    store.apply({ op: 'clear', tile: null, by: identity }, true);
  };
  return (
    <div className="annotation-toolbar" role="toolbar" aria-label="Annotation tools">
      {ANNOTATION_TOOLS.map((tool) => (
        <button key={tool} type="button" aria-pressed={settings.tool === tool} onClick={() => setSettings({ tool })}>
          {TOOL_LABELS[tool]}
        </button>
      ))}
      {settings.tool === 'text' && (
        <label className="inline-field">
          Annotation text
          <input value={settings.text} maxLength={200} onChange={(e) => setSettings({ text: e.target.value })} />
        </label>
      )}
      <label className="inline-field">
        Colour
        <select value={settings.color} onChange={(e) => setSettings({ color: e.target.value })}>
          {COLORS.map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <input type="checkbox" checked={settings.fade} onChange={(e) => setSettings({ fade: e.target.checked })} />
        Fade marks
      </label>
      <button type="button" onClick={undo} disabled={!history.canUndo()}>
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!history.canRedo()}>
        Redo
      </button>
      <button type="button" onClick={clear}>
        Clear annotations
      </button>
    </div>
  );
}
