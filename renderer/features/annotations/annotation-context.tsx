// The annotation store, this participant's undo history and the chosen tool, for every component of the
// session that draws or shows marks.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AnnotationTool } from '../../../shared/domain/annotation';
import { AnnotationHistory } from './annotation-history';
import { AnnotationStore } from './annotation-store';

export interface ToolSettings {
  tool: AnnotationTool;
  color: string;
  fade: boolean;
  text: string;
}

export interface AnnotationContextValue {
  store: AnnotationStore;
  history: AnnotationHistory;
  settings: ToolSettings;
  setSettings(change: Partial<ToolSettings>): void;
}

const AnnotationContext = createContext<AnnotationContextValue | null>(null);

export function AnnotationProvider({ store, children }: { store: AnnotationStore; children: ReactNode }) {
  const [history] = useState(() => new AnnotationHistory());
  const [settings, setAll] = useState<ToolSettings>({ tool: 'pen', color: '#ff3b30', fade: false, text: 'Here' });
  const value = useMemo<AnnotationContextValue>(
    () => ({ store, history, settings, setSettings: (change) => setAll((s) => ({ ...s, ...change })) }),
    [store, history, settings],
  );
  return <AnnotationContext.Provider value={value}>{children}</AnnotationContext.Provider>;
}

export function useAnnotations(): AnnotationContextValue {
  const value = useContext(AnnotationContext);
  if (!value) throw new Error('useAnnotations needs an AnnotationProvider');
  return value;
}
